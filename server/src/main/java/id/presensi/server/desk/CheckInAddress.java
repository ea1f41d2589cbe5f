package id.presensi.server.desk;

import id.presensi.server.CheckInServer;
import io.javalin.http.Context;

/** The client's address as the check-in service reads it (X-Forwarded-For believed from the local TLS proxy only). */
final class CheckInAddress {
    private CheckInAddress() {
    }

    static String of(Context ctx) {
        return CheckInServer.client(ctx);
    }

    static boolean fromLocalProxy(Context ctx) {
        String direct = ctx.ip();
        return direct.startsWith("127.") || direct.equals("0:0:0:0:0:0:0:1") || direct.equals("::1");
    }
}
