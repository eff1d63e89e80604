package dev.kctl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantityTest {
  @Test
  void parsesMillicoresAndFractionsOfCores() {
    assertThat(Quantity.parse("100m").milliValue()).isEqualTo(100);
    assertThat(Quantity.parse("0.5").milliValue()).isEqualTo(500);
    assertThat(Quantity.parse("2").milliValue()).isEqualTo(2000);
    assertThat(Quantity.parse(".25").milliValue()).isEqualTo(250);
  }

  @Test
  void parsesBinaryAndDecimalSuffixes() {
    assertThat(Quantity.parse("128Mi").value()).isEqualTo(128L * 1024 * 1024);
    assertThat(Quantity.parse("1Ki").value()).isEqualTo(1024);
    assertThat(Quantity.parse("1G").value()).isEqualTo(1_000_000_000L);
    assertThat(Quantity.parse("1.5Gi").value()).isEqualTo(3L << 29);
    assertThat(Quantity.parse("3k").value()).isEqualTo(3000);
    assertThat(Quantity.parse("1E").value()).isEqualTo(1_000_000_000_000_000_000L);
  }

  @Test
  void parsesExponents() {
    assertThat(Quantity.parse("2e3").value()).isEqualTo(2000);
    assertThat(Quantity.parse("1E6").value()).isEqualTo(1_000_000);
    assertThat(Quantity.parse("5e-1").milliValue()).isEqualTo(500);
  }

  @Test
  void roundsUpToWholeUnits() {
    assertThat(Quantity.parse("1m").value()).isEqualTo(1);
    assertThat(Quantity.parse("1n").milliValue()).isEqualTo(1);
  }

  @Test
  void rejectsTextThatIsNoQuantity() {
    assertThatThrownBy(() -> Quantity.parse("lots")).hasMessageContaining("\"lots\"");
    assertThatThrownBy(() -> Quantity.parse("12Xi")).hasMessageContaining("unknown suffix \"Xi\"");
  }
}
