package id.presensi.identity;

public enum Gender {
    MALE, FEMALE
}
