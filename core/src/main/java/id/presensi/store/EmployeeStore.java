package id.presensi.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

import java.util.List;
import java.util.Optional;

/** Employees as stored, for listing and lookup. */
public final class EmployeeStore {

    private final Jdbi jdbi;

    public EmployeeStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Employee(String type, String nip, String nik, String name, String position, String unitCode,
                           String unitName, String workPattern, boolean active) {
    }

    private static final String SELECT = """
            SELECT e.type, e.nip, e.nik, e.name, e.position, u.code AS unit_code, u.name AS unit_name,
                   e.work_pattern, e.active
              FROM employee e JOIN unit u ON u.id = e.unit_id
            """;

    /** Staff of a unit and every unit under it, or of all units. */
    public List<Employee> list(Optional<String> unitCode) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE e.unit_id IN (SELECT unit_scope(:unit)) ORDER BY u.code, e.name, e.employee_key")
                .bind("unit", unitCode.orElse(null))
                .map(ConstructorMapper.of(Employee.class)).list());
    }

    /** By NIP or NIK, whichever the number is. */
    public Optional<Employee> find(String nipOrNik) {
        String key = nipOrNik.replace(" ", "");
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE e.nip = :key OR e.nik = :key")
                .bind("key", key).map(ConstructorMapper.of(Employee.class)).findFirst());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM employee").mapTo(Long.class).one());
    }
}
