package dev.kctl.cli;

import dev.kctl.api.ResourceType;
import dev.kctl.api.ResourceTypes;
import java.util.ArrayList;
import java.util.List;

/** How kctl names resource types and objects in arguments and output, as kubectl does. */
final class Resources {
  /** The category {@code kctl get all} lists. */
  static final String ALL = "all";

  private Resources() {}

  /** One type and the names asked for (empty: all objects of the type). */
  record Request(ResourceType type, List<String> names) {
    Request {
      names = List.copyOf(names);
    }
  }

  /**
   * The types and names in {@code TYPE[,TYPE...] [NAME...]} or {@code TYPE/NAME...} arguments.
   *
   * @throws CommandException on an unknown type or a mix of both forms
   */
  static List<Request> parse(List<String> args) {
    if (args.isEmpty()) {
      throw new CommandException("you must specify the type of resource, e.g. kctl get pods");
    }
    if (args.getFirst().contains("/")) {
      List<Request> requests = new ArrayList<>();
      for (String arg : args) {
        int slash = arg.indexOf('/');
        if (slash <= 0 || slash == arg.length() - 1) {
          throw new CommandException("arguments in resource/name form must have a single resource"
              + " and name, got \"" + arg + "\"");
        }
        requests.add(new Request(type(arg.substring(0, slash)), List.of(arg.substring(slash + 1))));
      }
      return requests;
    }
    List<String> names = args.subList(1, args.size());
    for (String name : names) {
      if (name.contains("/")) {
        throw new CommandException("there is no need to specify a resource type as a separate"
            + " argument when passing arguments in resource/name form (e.g. 'kctl get"
            + " resource/<resource_name>' instead of 'kctl get resource resource/<resource_name>'");
      }
    }
    List<Request> requests = new ArrayList<>();
    for (String type : args.getFirst().split(",")) {
      if (type.equalsIgnoreCase(ALL)) {
        category(ALL).forEach(t -> requests.add(new Request(t, names)));
      } else if (!type.isEmpty()) {
        requests.add(new Request(type(type), names));
      }
    }
    return requests;
  }

  /**
   * The types of a category, in kubectl's order for it: the core group first, then the other
   * groups in the order the server lists them, each group's resources alphabetically.
   */
  static List<ResourceType> category(String category) {
    List<String> groups = ResourceTypes.all().stream().map(ResourceType::group).distinct().toList();
    return ResourceTypes.all().stream()
        .filter(t -> t.categories().contains(category))
        .sorted(java.util.Comparator.<ResourceType>comparingInt(t -> groups.indexOf(t.group()))
            .thenComparing(ResourceType::resource))
        .toList();
  }

  /** One named object of a type. */
  record Named(ResourceType type, String name) {}

  /**
   * The objects named by {@code TYPE NAME...} or {@code TYPE/NAME...}; a type without names is an
   * error that says what to add.
   */
  static List<Named> named(List<String> args, String verb) {
    List<Named> named = new ArrayList<>();
    for (Request request : parse(args)) {
      if (request.names().isEmpty()) {
        throw new CommandException("resource(s) were provided, but no name was specified (e.g. kctl "
            + verb + " " + request.type().singular() + " NAME)");
      }
      request.names().forEach(name -> named.add(new Named(request.type(), name)));
    }
    return named;
  }

  static ResourceType type(String userName) {
    return ResourceTypes.byUserName(userName).orElseThrow(() -> new CommandException(
        "the server doesn't have a resource type \"" + userName + "\""));
  }

  /** {@code deployment.apps} or {@code pod}: how kubectl prints a type before an object's name. */
  static String typeName(ResourceType type) {
    return type.group().isEmpty() ? type.singular() : type.singular() + "." + type.group();
  }

  /** {@code deployment.apps/tomcat}. */
  static String ref(ResourceType type, String name) {
    return typeName(type) + "/" + name;
  }
}
