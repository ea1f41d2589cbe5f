package id.presensi.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import id.presensi.text.StaffText;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Reads a request body strictly: JSON only, at most 16 KB (or the route's own cap), each field checked with a message naming it. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final int MAX_BODY = 16 * 1024;
    /** Instants outside this range are refused here: PostgreSQL's own range is narrower than Java's. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private final JsonNode node;
    private final Map<String, byte[]> binaries;
    /** Every field the client sent, in its order, base64 ones included: to name those the route does not know. */
    private final Set<String> names;

    private Json(JsonNode node, Map<String, byte[]> binaries, Set<String> names) {
        this.node = node;
        this.binaries = binaries;
        this.names = names;
    }

    /**
     * Refuses a field the route does not take, naming it: a field silently dropped is data the client meant to
     * send and lost (a letter's photo sent as "attachment" would leave an izin without its letter).
     */
    Json only(Set<String> fields) {
        List<String> unknown = names.stream().filter(n -> !fields.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(400, "UNKNOWN_FIELD", StaffText.FIELD_UNKNOWN.format(String.join(", ", unknown)));
        }
        return this;
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
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", StaffText.BODY_NOT_JSON.format());
        }
        byte[] bytes = Bodies.read(ctx, maxBytes,
                () -> new ApiException(413, "PAYLOAD_TOO_LARGE", StaffText.BODY_TOO_LARGE.format(maxBytes / 1024)),
                ApiException::cutOff);
        return parse(bytes, StaffText.THE_BODY::format, base64Fields);
    }

    /**
     * A JSON object sent in a header (a check-in whose body is its photo, as the page sends it), at most 2 KB.
     * Header values are ISO-8859-1 on the wire; a check-in's fields are ASCII.
     */
    static Json header(Context ctx, String name) {
        String value = ctx.header(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(StaffText.HEADER_REQUIRED.format(name));
        }
        if (value.length() > 2048) {
            throw ApiException.badRequest(StaffText.HEADER_TOO_LARGE.format(name));
        }
        return parse(value.getBytes(StandardCharsets.ISO_8859_1), () -> StaffText.THE_HEADER.format(name), Set.of());
    }

    /** @param what the body or the header, named in a refusal (made only then: a check-in's parse is on the rush's path) */
    static Json parse(byte[] bytes, Supplier<String> what, Set<String> base64Fields) {
        try (JsonParser parser = MAPPER.getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest(StaffText.BODY_NOT_OBJECT.format(what.get()));
            }
            ObjectNode node = MAPPER.createObjectNode();
            Map<String, byte[]> binaries = new HashMap<>();
            Set<String> names = new LinkedHashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                names.add(name);
                JsonToken value = parser.nextToken();
                if (base64Fields.contains(name) && value == JsonToken.VALUE_STRING) {
                    binaries.put(name, base64(parser, name));
                } else {
                    node.set(name, value.isScalarValue() ? scalar(parser, value) : MAPPER.readTree(parser));
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest(StaffText.BODY_TRAILING.format(what.get()));
            }
            return new Json(node, binaries, names);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw ApiException.badRequest(StaffText.BODY_MALFORMED.format(what.get(), at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr()));
        } catch (IOException e) {
            throw ApiException.badRequest(StaffText.BODY_UNREADABLE.format());
        }
    }

    /**
     * The node of a string, number, boolean or null, as {@link ObjectMapper#readTree} makes it with the mapper's
     * defaults (an int, long or big integer by size; a double), without the deserialization context readTree sets up
     * for each value: every field of every check-in of a rush is one.
     */
    private static JsonNode scalar(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> TextNode.valueOf(parser.getText());
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> IntNode.valueOf(parser.getIntValue());
                case LONG -> LongNode.valueOf(parser.getLongValue());
                default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(parser.getDoubleValue());
            default -> MAPPER.readTree(parser); // an embedded object: not from JSON text
        };
    }

    private static byte[] base64(JsonParser parser, String field) throws IOException {
        try {
            return parser.getBinaryValue();
        } catch (StreamReadException e) {
            throw ApiException.badRequest(StaffText.FIELD_BASE64.format(field));
        }
    }

    /** Whether the client sent the field at all (null included). */
    boolean has(String field) {
        return names.contains(field);
    }

    /** A field given as base64, decoded; a value of another kind than a string is refused. */
    Optional<byte[]> base64(String field) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull()) {
            throw ApiException.badRequest(StaffText.FIELD_BASE64.format(field));
        }
        return Optional.ofNullable(binaries.get(field));
    }

    String text(String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(StaffText.FIELD_REQUIRED.format(field));
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(StaffText.FIELD_TEXT.format(field));
        }
        if (value.asText().length() > maxLength) {
            throw ApiException.badRequest(StaffText.FIELD_TOO_LONG.format(field, maxLength));
        }
        if (!storable(value.asText())) {
            throw ApiException.badRequest(StaffText.FIELD_UNSTORABLE.format(field));
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
            throw ApiException.badRequest(StaffText.FIELD_REQUIRED.format(field));
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw ApiException.badRequest(StaffText.FIELD_NUMBER.format(field));
        }
        double d = value.asDouble();
        if (d < min || d > max) {
            throw ApiException.badRequest(StaffText.FIELD_RANGE.format(field, StaffText.number(min), StaffText.number(max)));
        }
        return d;
    }

    /** A whole number: an id written 1.7 is refused, not read as 1. */
    long whole(String field, long min, long max) {
        double d = number(field, min, max);
        if (!node.get(field).canConvertToExactIntegral()) {
            throw ApiException.badRequest(StaffText.FIELD_WHOLE.format(field));
        }
        return (long) d;
    }

    UUID uuid(String field) {
        String text = text(field, 36);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(StaffText.FIELD_UUID.format(field));
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
                throw ApiException.badRequest(StaffText.FIELD_YEARS.format(field));
            }
            return Optional.of(instant);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(StaffText.FIELD_INSTANT.format(field));
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
            throw ApiException.badRequest(StaffText.FIELD_BOOLEAN.format(field));
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
