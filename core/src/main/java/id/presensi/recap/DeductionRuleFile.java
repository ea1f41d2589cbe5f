package id.presensi.recap;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import id.presensi.overtime.OvertimeRule;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A deduction rule file (YAML, Indonesian keys; examples in {@code docs/rules/}) read into {@link DeductionRules}.
 * Every mistake is refused with the key that holds it ({@code terlambat[2].persen}) and, where the parser knows
 * it, the line.
 */
public final class DeductionRuleFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A minute band: {@code dari} to {@code sampai} minutes inclusive (open-ended without it), at {@code persen}. */
    record FileBand(@JsonProperty(value = "dari", required = true) Integer from, @JsonProperty("sampai") Integer to,
                    @JsonProperty(value = "persen", required = true) BigDecimal percent) {
    }

    record FileSanctions(@JsonProperty(value = "potongan_persen", required = true) BigDecimal cutPercent,
                         @JsonProperty("tpp_berhenti_setelah_10_hari_berturut") Boolean stopAfterTen) {
    }

    record File(@JsonProperty(value = "nama", required = true) String name,
                @JsonProperty(value = "berlaku_mulai", required = true) LocalDate validFrom,
                @JsonProperty("sumber") String source,
                @JsonProperty(value = "terlambat", required = true) List<FileBand> late,
                @JsonProperty(value = "pulang_cepat", required = true) List<FileBand> early,
                @JsonProperty("tidak_presensi_masuk") BigDecimal missingIn,
                @JsonProperty("tidak_presensi_pulang") BigDecimal missingOut,
                @JsonProperty(value = "tanpa_keterangan", required = true) BigDecimal absent,
                @JsonProperty("batas_harian") BigDecimal dailyCap,
                @JsonProperty("batas_bulanan") BigDecimal monthlyCap,
                @JsonProperty("terlambat_bebas_per_bulan") Integer freeLates,
                @JsonProperty("ganti_waktu") Boolean makeUp,
                @JsonProperty("ganti_waktu_paling_lama") Integer makeUpUpToMin,
                @JsonProperty("sanksi_disiplin") FileSanctions sanctions,
                @JsonProperty("cuti_bersama_potong_cuti_tahunan") Boolean cutiBersamaIsAnnualLeave,
                @JsonProperty("tidak_apel") BigDecimal missedApel,
                @JsonProperty("lembur_maks_jam_hari") BigDecimal overtimeHoursPerDay,
                @JsonProperty("lembur_maks_jam_bulan") BigDecimal overtimeHoursPerMonth,
                @JsonProperty("cuti_tahunan_pppk_hari") Integer pppkAnnualLeaveDays) {
    }

    private DeductionRuleFile() {
    }

    /** Reads a rule file's text; {@code origin} names it in errors. */
    public static DeductionRules parse(String text, String origin) {
        File f;
        try {
            f = YAML.readValue(text, File.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": " + reason(e, text));
        }
        if (f == null) {
            throw new IllegalArgumentException(origin + ": the file is empty");
        }
        List<String> problems = new ArrayList<>();
        if (f.name().isBlank()) {
            problems.add("nama: must not be empty");
        }
        List<DeductionRules.Band> late = bands("terlambat", f.late(), problems);
        List<DeductionRules.Band> early = bands("pulang_cepat", f.early(), problems);
        percent("tidak_presensi_masuk", f.missingIn(), problems);
        percent("tidak_presensi_pulang", f.missingOut(), problems);
        percent("tanpa_keterangan", f.absent(), problems);
        percent("tidak_apel", f.missedApel(), problems);
        cap("batas_harian", f.dailyCap(), problems);
        cap("batas_bulanan", f.monthlyCap(), problems);
        if (f.freeLates() != null && (f.freeLates() < 0 || f.freeLates() > 31)) {
            problems.add("terlambat_bebas_per_bulan: must be 0 to 31, got " + f.freeLates());
        }
        if (f.makeUpUpToMin() != null && (f.makeUpUpToMin() < 1 || !Boolean.TRUE.equals(f.makeUp()))) {
            problems.add("ganti_waktu_paling_lama: minutes (1 or more), and only with ganti_waktu: true");
        }
        if (f.sanctions() != null) {
            percent("sanksi_disiplin.potongan_persen", f.sanctions().cutPercent(), problems);
        }
        Optional<Duration> overtimePerDay = hours("lembur_maks_jam_hari", f.overtimeHoursPerDay(), 24, problems);
        Optional<Duration> overtimePerMonth = hours("lembur_maks_jam_bulan", f.overtimeHoursPerMonth(), 744, problems);
        if (f.pppkAnnualLeaveDays() != null && (f.pppkAnnualLeaveDays() < 0 || f.pppkAnnualLeaveDays() > 24)) {
            problems.add("cuti_tahunan_pppk_hari: working days, 0 to 24, got " + f.pppkAnnualLeaveDays());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(origin + ": " + String.join("; ", problems));
        }
        return new DeductionRules(f.name().strip(), f.validFrom(), Optional.ofNullable(f.source()).map(String::strip),
                new DeductionRules.Rates.ByMinutes(late), new DeductionRules.Rates.ByMinutes(early), Optional.ofNullable(f.missingIn()),
                Optional.ofNullable(f.missingOut()), f.absent(), Optional.ofNullable(f.dailyCap()),
                Optional.ofNullable(f.monthlyCap()).orElse(HUNDRED), Optional.ofNullable(f.freeLates()).orElse(0),
                Boolean.TRUE.equals(f.makeUp()) ? Optional.of(new DeductionRules.MakeUp(Optional.ofNullable(f.makeUpUpToMin()))) : Optional.empty(),
                Optional.ofNullable(f.sanctions())
                        .map(s -> new DeductionRules.Sanctions(s.cutPercent(), Boolean.TRUE.equals(s.stopAfterTen()))),
                !Boolean.FALSE.equals(f.cutiBersamaIsAnnualLeave()), Optional.ofNullable(f.missedApel()),
                new OvertimeRule.Caps(overtimePerDay, overtimePerMonth),
                Optional.ofNullable(f.pppkAnnualLeaveDays()).orElse(DeductionRules.PPPK_ANNUAL_LEAVE_DAYS));
    }

    /** Hours (whole minutes at the finest) above 0 and at most {@code most}, as minutes. */
    private static Optional<Duration> hours(String key, BigDecimal hours, int most, List<String> problems) {
        if (hours == null) {
            return Optional.empty();
        }
        BigDecimal minutes = hours.multiply(BigDecimal.valueOf(60));
        if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(most)) > 0 || minutes.stripTrailingZeros().scale() > 0) {
            problems.add(key + ": hours above 0 and at most " + most + " (whole minutes), got " + hours.toPlainString());
            return Optional.empty();
        }
        return Optional.of(Duration.ofMinutes(minutes.longValueExact()));
    }

    /** Bands in increasing order, none overlapping; only the last may be open-ended. */
    private static List<DeductionRules.Band> bands(String key, List<FileBand> file, List<String> problems) {
        List<DeductionRules.Band> bands = new ArrayList<>();
        for (int i = 0; i < file.size(); i++) {
            FileBand b = file.get(i);
            String at = key + "[" + (i + 1) + "]";
            if (b == null) {
                problems.add(at + ": empty band");
                continue;
            }
            percent(at + ".persen", b.percent(), problems);
            if (b.from() < 0 || (b.to() != null && b.to() < b.from())) {
                problems.add(at + ": from " + b.from() + " to " + b.to() + " minutes is not a band (dari >= 0, sampai >= dari)");
            }
            if (b.to() == null && i < file.size() - 1) {
                problems.add(at + ": only the last band may leave out 'sampai'");
            }
            if (!bands.isEmpty() && bands.get(bands.size() - 1).toMin().filter(t -> b.from() > t).isEmpty()) {
                problems.add(at + ": starts at " + b.from() + " minutes, inside or before the band above it");
            }
            bands.add(new DeductionRules.Band(b.from(), Optional.ofNullable(b.to()), b.percent() == null ? BigDecimal.ZERO : b.percent()));
        }
        return bands;
    }

    private static void percent(String key, BigDecimal value, List<String> problems) {
        if (value != null && (value.signum() < 0 || value.compareTo(HUNDRED) > 0)) {
            problems.add(key + ": must be 0 to 100 (percent), got " + value.toPlainString());
        }
    }

    private static void cap(String key, BigDecimal value, List<String> problems) {
        if (value != null && (value.signum() <= 0 || value.compareTo(HUNDRED) > 0)) {
            problems.add(key + ": must be more than 0 and at most 100 (percent), got " + value.toPlainString());
        }
    }

    /** Jackson's messages name Java classes; the operator needs the key, the line and what was wrong. */
    private static String reason(JsonProcessingException e, String text) {
        String line = Optional.ofNullable(e.getLocation()).map(l -> "line " + l.getLineNr() + ", ").orElse("");
        if (e instanceof UnrecognizedPropertyException u) {
            // the parser is past the key by then; the line is where the key is written
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().replaceFirst("^- ", "").startsWith(u.getPropertyName() + ":")) {
                    line = "line " + (i + 1) + ", ";
                    break;
                }
            }
            return line + path(u) + ": unknown key; the keys are " + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidFormatException f) {
            return line + path(f) + ": '" + f.getValue() + "' is not " + (f.getTargetType() == LocalDate.class ? "a date (YYYY-MM-DD)"
                    : f.getTargetType() == Boolean.class ? "true or false" : "a number");
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String message = m.getOriginalMessage();
            if (message.startsWith("Missing required creator property")) {
                return line + "'" + message.replaceAll(".*'([^']+)'.*", "$1") + "' is required" + (path(m).contains(".") ? " (in " + path(m) + ")" : "");
            }
            return line + path(m) + ": " + (message.contains("LocalDate") ? "not a date (YYYY-MM-DD)" : "not the expected kind of value");
        }
        return line + "not a rule file (YAML): " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return path.toString();
    }
}
