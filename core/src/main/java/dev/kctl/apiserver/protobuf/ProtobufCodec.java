package dev.kctl.apiserver.protobuf;

import dev.kctl.apiserver.openapi.ProtobufMessage;
import dev.kctl.apiserver.openapi.SchemaIndex;
import dev.kctl.codec.Json;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads request bodies in Kubernetes' protobuf encoding ({@value #CONTENT_TYPE}), which kubectl's
 * typed clients send for {@code kubectl create namespace|configmap|secret|deployment|job|service}.
 * The result is the JSON object the same request would have carried as JSON, so the rest of the
 * server handles both alike.
 *
 * <p>Every kind of the schema data can be read, and {@code DeleteOptions} in any group version.
 * The field numbers come from the schema data ({@code protobuf.yaml} beside it). What the JSON
 * leaves out, the result leaves out too: zero values of fields that are neither pointers nor
 * required, and empty times. Fields newer than the schema data are skipped.
 *
 * <p>Reading only: the server answers in JSON, which kubectl also accepts.
 */
public final class ProtobufCodec {
  /** The media type of Kubernetes' protobuf encoding. */
  public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

  /** Kinds every group version registers, whose schema lives in meta/v1. */
  private static final Map<String, String> SHARED_KINDS =
      Map.of("DeleteOptions", "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions");

  private ProtobufCodec() {}

  /**
   * Decodes one protobuf body into the JSON object it stands for, with {@code apiVersion} and
   * {@code kind} taken from the body's envelope.
   *
   * @throws IllegalArgumentException when the body is not of Kubernetes' protobuf encoding, names a
   *     kind the schema data does not have, or is malformed; the message says what and where, for
   *     a 400 answer
   */
  public static ObjectNode decode(byte[] body) {
    Envelope envelope = Envelope.read(body);
    if (!envelope.contentEncoding().isEmpty()) {
      throw new IllegalArgumentException("the protobuf body's content encoding " + envelope.contentEncoding()
          + " is not supported; send it unencoded");
    }
    SchemaIndex index = SchemaIndex.load();
    String schemaName = index.kindSchemaName(envelope.group(), envelope.version(), envelope.kind())
        .or(() -> Optional.ofNullable(SHARED_KINDS.get(envelope.kind())))
        .orElseThrow(() -> new IllegalArgumentException("the protobuf body holds the unknown kind "
            + envelope.kind() + " of " + envelope.apiVersion()));
    ProtobufMessage message = index.protobufMessage(schemaName)
        .orElseThrow(() -> new IllegalStateException("the schema data describes no message for " + schemaName));
    ObjectNode object = Json.object();
    object.put("apiVersion", envelope.apiVersion());
    object.put("kind", envelope.kind());
    object.setAll(new MessageDecoder(index).decode(message, new WireReader(envelope.raw())));
    return object;
  }
}
