#!/usr/bin/perl
# The client of a Presensi home's resident process (cli/src/main/java/id/presensi/cli/Resident.java), run by the
# launcher (scripts/presensi-java.sh). Perl, because perl-base (with IO::Socket::UNIX) is on every Debian machine and
# starts in milliseconds, where a JVM client would cost the start the resident process saves.
#   presensi-resident.pl FOLDER JAR ARGS...   runs the command through the resident process of FOLDER; exits 199,
#                                             having printed nothing, when there is none or it will not run it here
#   presensi-resident.pl --socket FOLDER JAR  prints the socket a resident process for this environment listens on
# One socket per jar and environment settings (the same ones the resident compares, Resident.setting), so a shell
# with other settings (another PRESENSI_DB_USER, another locale) gets its own resident process.
use strict;
use warnings;
use IO::Socket::UNIX;

my $NOT_SERVED = 199;
my $name_only = @ARGV && $ARGV[0] eq '--socket' && shift @ARGV;
my $folder = shift @ARGV;
my $jar = shift @ARGV;
exit $NOT_SERVED unless defined $jar;

# keep in step with Resident.setting (PRESENSI_RESIDENT*: the launcher's, which chose the resident process)
my %named = map { $_ => 1 } qw(HOME USER LANG LANGUAGE TZ TERM PATH NO_COLOR CLICOLOR CLICOLOR_FORCE
    JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS);
my @settings = map { "$_=$ENV{$_}" } sort grep { (/^(PRESENSI_|PG|LC_|XDG_)/ || $named{$_}) && !/^PRESENSI_RESIDENT/ } keys %ENV;

# FNV-1a (32 bits) of the jar and the settings: the socket's name
my $hash = 0x811c9dc5;
for my $byte (unpack 'C*', join("\0", $jar, @settings)) {
    $hash = (($hash ^ $byte) * 0x01000193) & 0xffffffff;
}
my $socket = sprintf '%s/%08x.sock', $folder, $hash;
if ($name_only) {
    print "$socket\n";
    exit 0;
}

# Only a folder that is ours alone (0700), and a socket that is ours: another user's could answer with anything.
my @folder = lstat $folder;
exit $NOT_SERVED unless @folder && -d _ && $folder[4] == $< && ($folder[2] & 077) == 0;
my @sock = lstat $socket;
exit $NOT_SERVED unless @sock && -S _ && $sock[4] == $<;
my $server = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $socket) or exit $NOT_SERVED;

my $cwd = $ENV{PWD};
my @here = defined $cwd ? stat $cwd : ();
my @dot = stat '.';
if (!@here || !@dot || $here[0] != $dot[0] || $here[1] != $dot[1]) {  # PWD may be stale; getcwd without a module
    $cwd = readlink "/proc/self/cwd";
}
exit $NOT_SERVED unless defined $cwd;

my $columns = 0;
if (open my $tty, '<', '/dev/tty') {   # the width picocli reads with stty -F /dev/tty, by TIOCGWINSZ
    my $size = "\0" x 8;
    $columns = (unpack 'S4', $size)[1] if ioctl $tty, 0x5413, $size;
    close $tty;
}
my $flags = (-t STDIN ? 1 : 0) | (-t STDOUT ? 2 : 0);

binmode $_ for \*STDIN, \*STDOUT, \*STDERR, $server;
my $request = pack('N', 0x50525331) . pack('N/a*', $jar) . pack('N', scalar @ARGV) . join('', map { pack 'N/a*', $_ } @ARGV)
    . pack('N/a*', $cwd) . pack('N', scalar @settings) . join('', map { pack 'N/a*', $_ } @settings)
    . pack('CN', $flags, $columns);
{   # a resident busy with another command answers 'd' and closes without reading the request: writing to it then
    # fails (EPIPE), which must mean "not served", not a client killed by SIGPIPE with nothing run
    local $SIG{PIPE} = 'IGNORE';
    write_all($server, $request) or exit $NOT_SERVED;
}

my $answered = 0;  # once the resident has printed anything or asked for input, the command is its: no falling back
while (1) {
    my $head = read_exactly(5);
    if (!defined $head) {
        exit $NOT_SERVED unless $answered;
        print STDERR "presensi: the resident process stopped during the command; see presensi.log in the home\n";
        exit 1;
    }
    my ($kind, $count) = unpack 'aN', $head;
    if ($kind eq 'x') { exit $count; }
    if ($kind eq 'd') { exit $NOT_SERVED; }
    $answered = 1;
    if ($kind eq 'i') {
        my $input;
        my $read = sysread STDIN, $input, $count;
        $input = '' unless $read;
        write_all($server, pack('N/a*', $input)) or exit 1;
    } else {
        my $bytes = read_exactly($count);
        defined $bytes or exit 1;
        write_all($kind eq 'e' ? \*STDERR : \*STDOUT, $bytes);
    }
}

sub read_exactly {
    my ($count) = @_;
    my $buffer = '';
    while (length $buffer < $count) {
        my $read = sysread $server, $buffer, $count - length $buffer, length $buffer;
        return undef unless $read;
    }
    return $buffer;
}

sub write_all {
    my ($to, $bytes) = @_;
    while (length $bytes) {
        my $written = syswrite $to, $bytes;
        return 0 unless defined $written;
        substr($bytes, 0, $written) = '';
    }
    return 1;
}
