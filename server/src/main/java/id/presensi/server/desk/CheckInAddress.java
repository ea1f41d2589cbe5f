package id.presensi.server.desk;

import id.presensi.server.ClientAddress;
import io.javalin.http.Context;

/** The client's address as the check-in service reads it (X-Forwarded-For believed from the local TLS proxy only). */
final class CheckInAddress {
    private CheckInAddress() {
    }

    static String of(Context ctx) {
        return ClientAddress.client(ctx);
    }

    static boolean fromLocalProxy(Context ctx) {
        return ClientAddress.fromLocalProxy(ctx);
    }
}
