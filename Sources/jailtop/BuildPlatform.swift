/// The system and processor this binary was built for, as FreeBSD's `uname -s` and `uname -m`
/// spell them, so `jailtop --version` in a bug report says where it comes from.
enum BuildPlatform {
    static var system: String {
        #if os(FreeBSD)
            "FreeBSD"
        #elseif os(Linux)
            "Linux"
        #elseif os(OpenBSD)
            "OpenBSD"
        #elseif os(macOS)
            "Darwin"
        #else
            "unknown-os"
        #endif
    }

    static var machine: String {
        #if arch(x86_64)
            "amd64"
        #elseif arch(arm64)
            "arm64"
        #elseif arch(i386)
            "i386"
        #elseif arch(powerpc64le)
            "powerpc64le"
        #elseif arch(riscv64)
            "riscv64"
        #else
            "unknown-arch"
        #endif
    }

    /// `0.1.0 (FreeBSD amd64)`.
    static func versionLine(_ version: String) -> String { "\(version) (\(system) \(machine))" }
}
