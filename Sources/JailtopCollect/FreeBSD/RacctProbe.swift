import JailtopModel

/// Tells from rctl's error output whether racct is missing from the kernel or switched off.
///
/// When a racct syscall fails with ENOSYS, rctl's `enosys()` (usr.bin/rctl/rctl.c) reads
/// `kern.racct.enable` and exits 1 through `errx()` with one of two fixed messages, prefixed by
/// the program name (`rctl: `). Any other stderr (EPERM, a bad filter) says nothing about racct.
public enum RacctProbe {
    /// Printed when the sysctl `kern.racct.enable` does not exist: no RACCT in the kernel.
    public static let absentMessage = "RACCT/RCTL support not present in kernel; see rctl(8) for details"
    /// Printed when the kernel has RACCT but the boot tunable `kern.racct.enable` is 0.
    public static let disabledMessage = "RACCT/RCTL present, but disabled; enable using kern.racct.enable=1 tunable"

    /// `.disabled` or `.absent` for rctl's two enosys() messages, nil for anything else.
    public static func state(fromRctlStderr stderr: String) -> RacctState? {
        if stderr.contains(disabledMessage) { return .disabled }
        if stderr.contains(absentMessage) { return .absent }
        return nil
    }
}
