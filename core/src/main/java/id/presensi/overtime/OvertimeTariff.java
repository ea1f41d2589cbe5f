package id.presensi.overtime;

import java.time.LocalDate;

/**
 * The regency's unit prices for one golongan from a date: uang lembur per full hour, and uang makan lembur once a
 * day for a day of at least {@code mealAfterMin} minutes of overtime (PMK 49/2023: "paling kurang 2 jam secara
 * berturut-turut ... paling banyak 1 kali per hari").
 */
public record OvertimeTariff(LocalDate validFrom, Golongan golongan, int hourlyRupiah, int mealRupiah, int mealAfterMin, String source) {

    public OvertimeTariff {
        if (hourlyRupiah < 0 || mealRupiah < 0 || mealAfterMin < 0 || mealAfterMin > 1440) {
            throw new IllegalArgumentException("tariff amounts and minutes must not be negative");
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("a tariff names its source (the Perbup or PMK)");
        }
    }

    /** What one day of counted overtime pays: full hours at the hourly rate, plus the meal allowance when long enough. */
    public long pay(long countedMin) {
        return (countedMin / 60) * (long) hourlyRupiah + (countedMin > 0 && countedMin >= mealAfterMin ? mealRupiah : 0);
    }
}
