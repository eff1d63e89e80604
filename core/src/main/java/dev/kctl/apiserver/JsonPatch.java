package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON patch (RFC 6902): add, remove, replace, move, copy and test, all or nothing. */
final class JsonPatch {
  private JsonPatch() {}

  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest("a JSON patch must be an array of operations");
    }
    JsonNode doc = target.deepCopy();
    for (JsonNode op : patch) {
      String path = op.path("path").asString("");
      doc = switch (op.path("op").asString("")) {
        case "add" -> add(doc, path, value(op));
        case "remove" -> remove(doc, path);
        case "replace" -> add(remove(doc, path), path, value(op));
        case "move" -> {
          String from = op.path("from").asString("");
          JsonNode moved = at(doc, from);
          yield add(remove(doc, from), path, moved);
        }
        case "copy" -> add(doc, path, at(doc, op.path("from").asString("")).deepCopy());
        case "test" -> {
          if (!at(doc, path).equals(value(op))) {
            throw new ApiException(dev.kctl.api.StatusReason.Invalid, "JSON patch test failed at " + path);
          }
          yield doc;
        }
        default -> throw ApiException.badRequest("unknown JSON patch operation \"" + op.path("op").asString("") + "\"");
      };
    }
    return doc;
  }

  private static JsonNode value(JsonNode op) {
    if (!op.has("value")) {
      throw ApiException.badRequest("JSON patch operation " + op + " needs a value");
    }
    return op.get("value").deepCopy();
  }

  private static List<String> tokens(String path) {
    if (path.isEmpty()) {
      return List.of();
    }
    if (!path.startsWith("/")) {
      throw ApiException.badRequest("JSON patch path \"" + path + "\" must start with /");
    }
    List<String> out = new ArrayList<>();
    for (String t : path.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode at(JsonNode doc, String path) {
    JsonNode node = doc;
    for (String t : tokens(path)) {
      node = node.isArray() ? node.path(index(t, node.size() - 1)) : node.path(t);
      if (node.isMissingNode()) {
        throw ApiException.badRequest("JSON patch path " + path + " does not exist");
      }
    }
    return node;
  }

  private static JsonNode add(JsonNode doc, String path, JsonNode value) {
    List<String> t = tokens(path);
    if (t.isEmpty()) {
      return value;
    }
    JsonNode parent = at(doc, parentPath(path));
    String last = t.get(t.size() - 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value);
      } else {
        array.insert(index(last, array.size()), value);
      }
    } else {
      throw ApiException.badRequest("JSON patch path " + path + " has no object or array parent");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String path) {
    List<String> t = tokens(path);
    JsonNode parent = at(doc, parentPath(path));
    String last = t.get(t.size() - 1);
    at(doc, path);
    if (parent instanceof ObjectNode object) {
      object.remove(last);
    } else if (parent instanceof ArrayNode array) {
      array.remove(index(last, array.size() - 1));
    }
    return doc;
  }

  private static String parentPath(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  private static int index(String token, int max) {
    try {
      int i = Integer.parseInt(token);
      if (i < 0 || i > max) {
        throw ApiException.badRequest("JSON patch index " + token + " is out of bounds");
      }
      return i;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("JSON patch index \"" + token + "\" is not a number");
    }
  }
}
