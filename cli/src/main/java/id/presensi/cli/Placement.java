package id.presensi.cli;

import id.presensi.app.Locations;
import id.presensi.db.Database;
import id.presensi.store.LocationStore;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** The setup check that staff have somewhere to check in, said after the imports that change it. */
final class Placement {
    private Placement() {
    }

    /**
     * Warns of units whose active staff have no location (none of their own, none allowed, none of a parent): every
     * check-in of theirs would be refused (NO_LOCATION), which a new regency otherwise learns from its nurses' phones.
     */
    static void warnUnplaced(Database database, CommandSpec spec) {
        var unplaced = new Locations(database.jdbi()).unplaced();
        if (unplaced.isEmpty()) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf("Warning: %,d staff in %d unit(s) have no location to check in at, so their check-ins will be refused (NO_LOCATION): %s."
                        + " Add one (location add/import), or let the unit use another's (location allow); a sub-unit uses its parent's.%n",
                unplaced.stream().mapToLong(LocationStore.Unplaced::staff).sum(), unplaced.size(),
                unplaced.stream().limit(20).map(u -> u.unitCode() + " (" + u.staff() + ")").collect(Collectors.joining(", "))
                        + (unplaced.size() > 20 ? ", ..." : ""));
        err.flush();
    }
}
