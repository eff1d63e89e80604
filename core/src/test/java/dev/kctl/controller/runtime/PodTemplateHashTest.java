package dev.kctl.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kctl.codec.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  @Test
  void fnv1aMatchesTheReferenceVectors() {
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, "a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
    assertThat(PodTemplateHash.fnv1a(0x811c9dc5, "foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xbf9cf968);
  }

  @Test
  void digitsAreRenderedWithKubesSafeAlphabet() {
    assertThat(PodTemplateHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
  }

  @Test
  void fieldOrderDoesNotChangeTheHashButContentAndCollisionCountDo() {
    String a = PodTemplateHash.of(Json.parse("""
        {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "x"}]}}"""), -1);
    String reordered = PodTemplateHash.of(Json.parse("""
        {"spec": {"containers": [{"image": "x", "name": "c"}]}, "metadata": {"labels": {"app": "web"}}}"""), -1);
    String otherImage = PodTemplateHash.of(Json.parse("""
        {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "y"}]}}"""), -1);
    String collided = PodTemplateHash.of(Json.parse("""
        {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "c", "image": "x"}]}}"""), 1);

    assertThat(reordered).isEqualTo(a);
    assertThat(otherImage).isNotEqualTo(a);
    assertThat(collided).isNotEqualTo(a);
  }
}
