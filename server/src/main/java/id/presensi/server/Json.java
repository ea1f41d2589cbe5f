package id.presensi.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads a request body strictly: JSON only, at most 16 KB (or the route's own cap), each field checked with a message naming it. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_BODY = 16 * 1024;
    /** Instants outside this range are refused here: PostgreSQL's own range is narrower than Java's. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private final JsonNode node;
    private final Map<String, byte[]> binaries;

    private Json(JsonNode node, Map<String, byte[]> binaries) {
        this.node = node;
        this.binaries = binaries;
    }

    static Json body(Context ctx) {
        return body(ctx, MAX_BODY, Set.of());
    }

    /**
     * A JSON object of at most {@code maxBytes} (a request with a photo may be larger than a check-in). The values of
     * {@code base64Fields} (a selfie) are decoded as the body is read, never made a 40 KB String and copied again.
     */
    static Json body(Context ctx, int maxBytes, Set<String> base64Fields) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
        }
        byte[] bytes = Bodies.read(ctx, maxBytes,
                () -> new ApiException(413, "PAYLOAD_TOO_LARGE", "the body must be at most " + maxBytes / 1024 + " KB"),
                ApiException::cutOff);
        return parse(bytes, "the body", base64Fields);
    }

    /**
     * A JSON object sent in a header (a check-in whose body is its photo, as the page sends it), at most 2 KB.
     * Header values are ISO-8859-1 on the wire; a check-in's fields are ASCII.
     */
    static Json header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("the " + name + " header is required with a photo body");
        }
        if (value.length() > 2048) {
            throw ApiException.badRequest("the " + name + " header must be at most 2 KB");
        }
        return parse(value.getBytes(StandardCharsets.ISO_8859_1), "the " + name + " header", Set.of());
    }

    private static Json parse(byte[] bytes, String what, Set<String> base64Fields) {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest(what + " must be a JSON object");
            }
            ObjectNode node = MAPPER.createObjectNode();
            Map<String, byte[]> binaries = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (base64Fields.contains(name) && value == JsonToken.VALUE_STRING) {
                    binaries.put(name, base64(parser, name));
                } else {
                    node.set(name, MAPPER.readTree(parser));
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("malformed JSON: something follows the object");
            }
            return new Json(node, binaries);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body");
        }
    }

    private static byte[] base64(JsonParser parser, String field) throws IOException {
        try {
            return parser.getBinaryValue();
        } catch (StreamReadException e) {
            throw ApiException.badRequest(field + " must be base64 (without a data: prefix)");
        }
    }

    /** A field given as base64, decoded; a value of another kind than a string is refused. */
    Optional<byte[]> base64(String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull()) {
            throw ApiException.badRequest(field + " must be a base64 string");
        }
        return Optional.ofNullable(binaries.get(field));
    }

    String text(String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(field + " must be a non-empty string");
        }
        if (value.asText().length() > maxLength) {
            throw ApiException.badRequest(field + " must be at most " + maxLength + " characters");
        }
        if (!storable(value.asText())) {
            throw ApiException.badRequest(field + " must be text without NUL characters or broken UTF-16");
        }
        return value.asText().strip();
    }

    Optional<String> optionalText(String field, int maxLength) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(field, maxLength));
    }

    double number(String field, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(field + " is required");
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw ApiException.badRequest(field + " must be a number");
        }
        double d = value.asDouble();
        if (d < min || d > max) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max);
        }
        return d;
    }

    UUID uuid(String field) {
        String text = text(field, 36);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be a UUID");
        }
    }

    Optional<Instant> instant(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            Instant instant = OffsetDateTime.parse(value.asText()).toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw ApiException.badRequest(field + " must be between 2000 and 2100");
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 time with offset, e.g. 2026-09-14T07:15:00+08:00");
        }
    }

    /** PostgreSQL text holds neither NUL nor half a surrogate pair (it cannot be encoded as UTF-8). */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    boolean flag(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false");
        }
        return value.asBoolean();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
