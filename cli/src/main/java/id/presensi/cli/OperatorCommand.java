package id.presensi.cli;

import id.presensi.app.Operators;
import id.presensi.operator.Role;
import id.presensi.store.OperatorStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "operator", mixinStandardHelpOptions = true, description = {
        "Operators: BKPSDM staff see and manage everything; an OPD admin only their unit and the units under it.",
        "Each operator is a PostgreSQL login role; PostgreSQL itself (row-level security) keeps an OPD admin in scope.",
        "Operators sign in with --db-user NAME (or PRESENSI_DB_USER) and PRESENSI_DB_PASSWORD or ~/.pgpass."},
        subcommands = {OperatorCommand.Add.class, OperatorCommand.List.class, OperatorCommand.Disable.class, OperatorCommand.Passwd.class,
                OperatorCommand.Relink.class})
class OperatorCommand {

    /** {@code --password-stdin}, shared by add, passwd and relink. */
    static final class PasswordOption {
        @Option(names = "--password-stdin", description = "Read the password from standard input instead of generating one.") boolean stdin;

        /** A password read from standard input, for scripts; otherwise one is generated and shown once. */
        Optional<String> given() throws IOException {
            return password(stdin);
        }
    }

    private static Optional<String> password(boolean fromStdin) throws IOException {
        if (!fromStdin) {
            return Optional.empty();
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.strip().length() < 12) {
            throw new IllegalArgumentException("the password on standard input must be at least 12 characters");
        }
        return Optional.of(line.strip());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an operator (a PostgreSQL login role).")
    static class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME", description = "e.g. rina.dinkes") String name;
        @Option(names = "--role", required = true, completionCandidates = Candidates.Roles.class, description = "bkpsdm or opd-admin") String role;
        @Option(names = "--unit", paramLabel = "CODE", description = "The OPD an opd-admin looks after (with its sub-units).") String unit;
        @Mixin PasswordOption newPassword;
        @Option(names = "--employee", paramLabel = "NIP|NIK", description = "The employee this operator is: they never decide their own requests.")
        String employee;

        @Override
        public Integer call() throws Exception {
            Optional<String> given = newPassword.given();
            String password = db.change(spec, (jdbi, h, audit) -> new Operators(jdbi).add(h, audit, name, Role.parse(role),
                    Optional.ofNullable(unit).map(String::toUpperCase), given, Optional.ofNullable(employee)));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Operator %s added (%s%s).%n", name, role, unit == null ? "" : ", unit " + unit.toUpperCase());
            if (given.isEmpty()) {
                out.printf("Password (shown once, give it to %s privately): %s%n", name, password);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List operators.")
    static class List implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin DatabaseOptions db;
        @Mixin Output output;

        private static final Table<OperatorStore.Listed> TABLE = Table.of(OperatorStore.Listed.class)
                .column("NAMA", 24, OperatorStore.Listed::name).column("PERAN", 10, OperatorStore.Listed::role)
                .column("KODE_UNIT", 10, OperatorStore.Listed::unitCode).column("STATUS", 0, o -> o.disabled() ? "nonaktif"
                        : o.hasLogin() ? "aktif" : "tanpa login (operator relink " + o.name() + ")")
                .footer(rows -> rows.size() + " operators");

        @Override
        public Integer call() {
            output.print(spec.commandLine().getOut(), db.read(d -> new Operators(d.jdbi()).list()), TABLE);
            return ExitCodes.OK;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an operator: they can no longer sign in.")
    static class Disable implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Mixin Confirmation confirmation;

        @Override
        public Integer call() {
            return Removal.confirmed(spec, db, confirmation, jdbi -> new Operators(jdbi).disableImpact(name),
                    (jdbi, h, audit) -> new Operators(jdbi).disable(h, audit, name), "active operator " + name);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a new password for an operator.")
    static class Passwd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Mixin PasswordOption newPassword;

        @Override
        public Integer call() throws Exception {
            Optional<String> given = newPassword.given();
            String password = db.change(spec, (jdbi, h, audit) -> new Operators(jdbi).newPassword(h, audit, name, given));
            spec.commandLine().getOut().println(given.isPresent() ? "Password changed for " + name + "."
                    : "New password for " + name + " (shown once): " + password);
            return ExitCodes.OK;
        }
    }

    @Command(name = "relink", mixinStandardHelpOptions = true, description = {
            "Make the missing login of an existing operator again, with a new password: for an operator whose role is not on",
            "this server (a restore from a backup that did not carry it). Their unit and audit history stay theirs."})
    static class Relink implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ChangeOptions db;
        @Parameters(paramLabel = "NAME") String name;
        @Mixin PasswordOption newPassword;

        @Override
        public Integer call() throws Exception {
            Optional<String> given = newPassword.given();
            String password = db.change(spec, (jdbi, h, audit) -> new Operators(jdbi).relink(h, audit, name, given));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Operator %s can sign in again.%n", name);
            if (given.isEmpty()) {
                out.printf("Password (shown once, give it to %s privately): %s%n", name, password);
            }
            return ExitCodes.OK;
        }
    }
}
