package dev.kctl.apiserver.openapi;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One type of the schema data as a message of Kubernetes' protobuf encoding: which field number
 * holds which JSON field, and how its value is written. Read from {@code protobuf.yaml} beside the
 * schema data, and checked against it when loaded: every field of the type has a number, and
 * every message a field refers to is described too.
 *
 * <p>Immutable. Obtained from {@link SchemaIndex#protobufMessage(String)}.
 *
 * @param name the schema name of the type, such as {@code io.k8s.api.core.v1.PodSpec}; for an
 *     embedded message, the enclosing type's name followed by {@code /N}
 * @param fields the fields by number
 */
public record ProtobufMessage(String name, SortedMap<Integer, Field> fields) {

  public ProtobufMessage {
    fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
  }

  /** The field with protobuf field number {@code number}; empty for numbers the data does not name. */
  public Optional<Field> field(int number) {
    return Optional.ofNullable(fields.get(number));
  }

  /** One numbered field of a message. */
  public sealed interface Field {
    int number();
  }

  /**
   * A field of the JSON object.
   *
   * @param name the field's JSON name
   * @param keepsZero whether a zero value of a single field is kept: the field is a Go pointer
   *     (written only when set) or required. Kubernetes writes every other field even when it is
   *     zero, and its JSON leaves such zero values out, so for them zero means absent.
   */
  public record Value(int number, String name, Shape shape, Type type, boolean keepsZero) implements Field {}

  /**
   * A Go struct embedded in its parent: a message whose fields the JSON puts into the parent
   * object, such as the handler of a probe ({@code exec}, {@code httpGet}, ...).
   */
  public record Inline(int number, ProtobufMessage message) implements Field {}

  /** How often a field occurs. */
  public enum Shape {
    /** One value. */
    SINGLE,
    /** A repeated field: a JSON array. */
    LIST,
    /** A protobuf map (entries with key 1 and value 2): a JSON object with string keys. */
    MAP
  }

  /** The type of a field's values. */
  public sealed interface Type {}

  /** A protobuf scalar. {@link #BYTES} are base64 text in JSON. */
  public enum Scalar implements Type { STRING, BYTES, INT32, INT64, BOOLEAN, DOUBLE }

  /** A message whose JSON form is a scalar. */
  public enum Special implements Type {
    /** {@code meta.v1.Time}: seconds and nanos, as RFC 3339 to the second. */
    TIME,
    /** {@code meta.v1.MicroTime}: seconds and nanos, as RFC 3339 to the microsecond. */
    MICRO_TIME,
    /** {@code intstr.IntOrString}: a number or a string. */
    INT_OR_STRING,
    /** {@code resource.Quantity}: its string form. */
    QUANTITY,
    /** A message whose one bytes field holds JSON text, such as {@code meta.v1.FieldsV1}. */
    RAW_JSON
  }

  /** A message described by the data, by its schema name. */
  public record Message(String name) implements Type {}

  /** A value of any JSON shape in the schema: its message is not described, so it cannot be read. */
  public record Opaque() implements Type {}
}
