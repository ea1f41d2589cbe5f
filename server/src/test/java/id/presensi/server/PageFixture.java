package id.presensi.server;

import id.presensi.testing.TestDatabase;

/** What the browser tests of the check-in page stand on: one clerk, one office with a geofence, office hours. */
final class PageFixture {
    static final String CLERK = "199002282015121002";

    private PageFixture() {
    }

    static void clerkAtTheOffice(TestDatabase db) {
        db.reset();
        db.database().jdbi().useHandle(h -> {
            h.execute("INSERT INTO unit (code, name) VALUES ('BKPSDM', 'BKPSDM')");
            h.execute("INSERT INTO employee (type, nip, name, unit_id) SELECT 'PNS', ?, 'Andi Staf', id FROM unit", CLERK);
            h.execute("INSERT INTO work_location (unit_id, name, latitude, longitude, radius_m) SELECT id, 'Kantor Bupati', -1.9086, 116.1978, 100 FROM unit");
        });
        db.officeHours("07:00", "08:00", "07:30", "16:00", "16:00", "18:00");
    }
}
