package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.apiserver.table.Tables;
import dev.kctl.client.ListOptions;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** The options a request's query string carries, each refused as Bad Request when it does not parse. */
final class QueryParameters {
  private QueryParameters() {
  }

  /** The write options of a request; the warnings they raise become the reply's Warning headers. */
  static WriteOptions writeOptions(Request request, Fields query) {
    return new WriteOptions(
        "All".equals(query.getValue("dryRun")), Optional.ofNullable(query.getValue("fieldManager")).orElse(""),
        FieldValidation.parse(query.getValue("fieldValidation")), warning -> Replies.warn(request, warning),
        isTrue(query.getValue("force")));
  }

  static ListOptions listOptions(Fields query) {
    String limit = value(query, "limit");
    long pageSize;
    try {
      pageSize = limit.isEmpty() ? 0 : Long.parseLong(limit);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit=" + limit + " is not a number");
    }
    return new ListOptions(
        value(query, "labelSelector"), value(query, "fieldSelector"), value(query, "resourceVersion"),
        Math.max(0, pageSize), value(query, "continue"), isTrue(query.getValue("allowWatchBookmarks")),
        value(query, "resourceVersionMatch"));
  }

  static Tables.IncludeObject include(Fields query) {
    try {
      return Tables.IncludeObject.parse(query.getValue("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  static long timeoutSeconds(Fields query) {
    String value = query.getValue("timeoutSeconds");
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("timeoutSeconds=" + value + " is not a number of seconds");
    }
  }

  /** The parameter's value, or "" where it is absent. */
  static String value(Fields query, String name) {
    String v = query.getValue(name);
    return v == null ? "" : v;
  }

  static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }
}
