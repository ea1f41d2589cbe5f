package id.presensi.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A body's fields as read: each scalar as Jackson's tree would make it, each kind checked with a message naming the field. */
class JsonTest {

    private static Json parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8), () -> "body", Set.of());
    }

    @Test
    void scalars_read_as_the_tree_reads_them() {
        Json json = parse("""
                {"lat": -1.9086, "lon": 116, "big": 123456789012345678901234567890, "long": 12345678901, "one": 1.0,
                 "text": "  Kantor  ", "id": "6f1c1a2e-8b1d-4c55-9a44-0c6c0f8e2a11", "mock": true, "off": false,
                 "none": null, "at": "2026-12-03T07:15:00+08:00", "nested": {"a": [1, 2]}}""");
        assertThat(json.number("lat", -90, 90)).isEqualTo(-1.9086);
        assertThat(json.number("lon", -180, 180)).isEqualTo(116.0);
        assertThat(json.whole("long", 0, Long.MAX_VALUE)).isEqualTo(12345678901L);
        assertThat(json.whole("one", 0, 10)).isEqualTo(1L); // 1.0 is a whole number, as the tree said
        assertThat(json.text("text", 20)).isEqualTo("Kantor");
        assertThat(json.uuid("id")).isEqualTo(UUID.fromString("6f1c1a2e-8b1d-4c55-9a44-0c6c0f8e2a11"));
        assertThat(json.flag("mock")).isTrue();
        assertThat(json.flag("off")).isFalse();
        assertThat(json.flag("none")).isFalse();
        assertThat(json.has("none")).isTrue();
        assertThat(json.optionalText("none", 10)).isEmpty();
        assertThat(json.instant("at")).contains(java.time.Instant.parse("2026-12-02T23:15:00Z"));
        assertThatThrownBy(() -> json.number("big", -1e6, 1e6)).isInstanceOf(ApiException.class).hasMessageContaining("big");
        assertThatThrownBy(() -> json.text("nested", 10)).isInstanceOf(ApiException.class).hasMessageContaining("nested");
        assertThat(json.base64("absent")).isEqualTo(Optional.empty());
    }

    @Test
    void a_wrong_kind_is_refused_naming_the_field() {
        Json json = parse("{\"lat\": \"-1.9\", \"mock\": \"true\", \"type\": 1, \"huge\": 1e400, \"frac\": 1.5}");
        assertThatThrownBy(() -> json.number("lat", -90, 90)).isInstanceOf(ApiException.class).hasMessageContaining("lat");
        assertThatThrownBy(() -> json.flag("mock")).isInstanceOf(ApiException.class).hasMessageContaining("mock");
        assertThatThrownBy(() -> json.text("type", 3)).isInstanceOf(ApiException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> json.number("huge", -Double.MAX_VALUE, Double.MAX_VALUE)).isInstanceOf(ApiException.class).hasMessageContaining("huge");
        assertThatThrownBy(() -> json.whole("frac", 0, 10)).isInstanceOf(ApiException.class).hasMessageContaining("frac");
    }

    @Test
    void a_refusal_names_the_body_only_when_there_is_one() {
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(ApiException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> parse("{\"a\": 1} 2")).isInstanceOf(ApiException.class).hasMessageContaining("body");
        assertThatThrownBy(() -> parse("{\"a\": }")).isInstanceOf(ApiException.class).hasMessageContaining("body");
        assertThat(Json.parse("{\"a\": 1}".getBytes(StandardCharsets.UTF_8), () -> {
            throw new AssertionError("named without a refusal");
        }, Set.of()).has("a")).isTrue();
    }
}
