package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.StatusReason;
import dev.kctl.apiserver.protobuf.ProtobufCodec;
import dev.kctl.client.DeleteOptions;
import dev.kctl.client.PatchType;
import dev.kctl.codec.Json;
import dev.kctl.codec.Manifest;
import dev.kctl.codec.ManifestException;
import dev.kctl.codec.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies: JSON, Kubernetes protobuf, server-side apply YAML and DeleteOptions, each
 * bounded by {@link #MAX_REQUEST_BYTES} and refused as Bad Request when it does not parse.
 */
final class RequestBodies {
  /** Request bodies over this size are refused before they are parsed. */
  static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;

  private RequestBodies() {
  }

  static ObjectNode object(Request request, WriteOptions write) {
    if (isProtobuf(request)) {
      return protobuf(bytes(request));
    }
    JsonNode node = write.fieldValidation().parse(bytes(request), write.warnings());
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return object;
  }

  static PatchType patchType(Request request) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String bare = contentType == null ? "" : contentType.split(";")[0].trim();
    for (PatchType t : PatchType.values()) {
      if (t.contentType().equals(bare)) {
        return t;
      }
    }
    throw new ApiException(StatusReason.UnsupportedMediaType,
        "the body of a PATCH must be one of application/json-patch+json, application/merge-patch+json,"
            + " application/strategic-merge-patch+json; got " + contentType);
  }

  /** The YAML (or JSON) body of a server-side apply, which must name its field manager. */
  static ObjectNode applyConfiguration(byte[] body, WriteOptions write) {
    if (write.fieldManager().isEmpty()) {
      throw ApiException.badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for server-side apply");
    }
    try {
      List<Manifest> documents = Manifests.read("apply request", new String(body, StandardCharsets.UTF_8));
      if (documents.size() != 1) {
        throw ApiException.badRequest("a server-side apply body must hold exactly one object, found " + documents.size());
      }
      return documents.getFirst().object();
    } catch (ManifestException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** DeleteOptions from the body, where kubectl sends them, or from query parameters. */
  static DeleteOptions deleteOptions(Request request, Fields query) {
    byte[] bytes = bytes(request);
    DeleteOptions options = bytes.length == 0 ? DeleteOptions.DEFAULT
        : DeleteOptions.fromJson(isProtobuf(request) ? protobuf(bytes) : Json.parse(bytes));
    String policy = query.getValue("propagationPolicy");
    String grace = query.getValue("gracePeriodSeconds");
    try {
      return new DeleteOptions(policy != null ? policy : options.propagationPolicy(),
          grace != null ? Long.parseLong(grace) : options.gracePeriodSeconds());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("gracePeriodSeconds=" + grace + " is not a number of seconds");
    }
  }

  static byte[] bytes(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
      if (bytes.length > MAX_REQUEST_BYTES) {
        throw new ApiException(StatusReason.RequestEntityTooLarge,
            "the request body is larger than " + MAX_REQUEST_BYTES + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /** kubectl sends built-in kinds as Kubernetes protobuf when it creates them. */
  private static boolean isProtobuf(Request request) {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    return type != null && type.startsWith(ProtobufCodec.CONTENT_TYPE);
  }

  private static ObjectNode protobuf(byte[] body) {
    try {
      return ProtobufCodec.decode(body);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("the protobuf request body cannot be read: " + e.getMessage());
    }
  }
}
