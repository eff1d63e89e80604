package dev.kctl.apiserver;

import dev.kctl.api.ApiException;
import dev.kctl.api.ApiException.Cause;
import dev.kctl.api.StatusReason;
import dev.kctl.client.ListOptions;
import java.util.List;

/**
 * Which state a list reads, decided from {@code resourceVersion}, {@code resourceVersionMatch},
 * {@code limit} and {@code continue} by the rules kube-apiserver follows: no version or "0" reads
 * the latest state; "not older than" a version reads the latest state once the store has reached
 * it; an exact version, a paged list at a version, and every page after the first read a snapshot.
 *
 * @param snapshot the revision to read as a snapshot, 0 for the latest state
 * @param from where a continued list goes on; null for a first page
 */
record ListRead(long snapshot, ContinueToken from) {
  static final String EXACT = "Exact";
  static final String NOT_OLDER_THAN = "NotOlderThan";

  static ListRead of(ListOptions options, long currentRevision) {
    String rv = options.resourceVersion();
    String match = options.resourceVersionMatch();
    if (!match.isEmpty() && !match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
      throw invalid("FieldValueNotSupported", "Unsupported value: \"" + match + "\": supported values: \"Exact\", \"NotOlderThan\"");
    }
    ContinueToken from = ContinueToken.parse(options.continueToken());
    if (from != null) {
      if (!match.isEmpty()) {
        throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden when continue is provided");
      }
      if (!rv.isEmpty() && !rv.equals("0")) {
        throw ApiException.badRequest("specifying resourceVersion is not allowed when using continue: "
            + "the continue token already names the version to read");
      }
      return new ListRead(from.revision(), from);
    }
    if (!match.isEmpty() && rv.isEmpty()) {
      throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
    }
    if (rv.isEmpty() || rv.equals("0")) {
      if (match.equals(EXACT)) {
        throw invalid("FieldValueForbidden", "Forbidden: resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"");
      }
      return new ListRead(0, null);
    }
    long revision = ApiService.parseResourceVersion(rv);
    if (revision > currentRevision) {
      // The store is the source of truth, so a newer version was never issued by this server.
      throw new ApiException(StatusReason.Timeout,
          "Too large resource version: " + revision + ", current: " + currentRevision, "", "", "",
          List.of(new Cause("ResourceVersionTooLarge", "Too large resource version", "")), null);
    }
    boolean exact = match.equals(EXACT) || (match.isEmpty() && options.limit() > 0);
    return new ListRead(exact ? revision : 0, null);
  }

  private static ApiException invalid(String reason, String message) {
    return new ApiException(StatusReason.Invalid, "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: " + message,
        "meta.k8s.io", "ListOptions", "", List.of(new Cause(reason, message, "resourceVersionMatch")), null);
  }
}
