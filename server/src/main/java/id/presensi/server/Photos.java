package id.presensi.server;

import id.presensi.photo.Photo;
import id.presensi.text.StaffText;

import java.util.Base64;
import java.util.Optional;

/** A photo sent with a request (in its JSON body, or as the body itself): refused unless a JPEG or PNG by its own bytes, and small enough. */
final class Photos {
    private Photos() {
    }

    /** A photo given as base64 text or a data: URL (a letter attached to a request). */
    static Optional<Photo> field(Json body, String field, int maxBytes) {
        // twice the base64 of the largest photo: one a little too large gets 413 and the limit, not a 400
        Optional<String> data = body.optionalText(field, maxBytes * 2);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.get().replaceFirst("^data:[^,]{0,64},", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(StaffText.FIELD_BASE64.format(field));
        }
        return Optional.of(photo(bytes, maxBytes));
    }

    static Photo photo(byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return Photo.of(bytes).orElseThrow(() -> new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Foto harus JPEG atau PNG."));
    }

    static ApiException tooLarge(int maxBytes) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "Foto terlalu besar (paling besar " + maxBytes / 1024 + " KB).");
    }
}
