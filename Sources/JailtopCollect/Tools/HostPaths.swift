import JailtopModel

/// Absolute paths of the base tools and files jailtop uses, all under an optional root:
/// `JAILTOP_ROOT=DIR` prefixes every one of them (`DIR/usr/sbin/jls`, `DIR/etc/jail.conf`),
/// which is how the program runs end to end on Linux against stand-in tools (DESIGN.md §3).
public struct HostPaths: Sendable, Equatable {
    /// The prefix, without a trailing slash; empty on a real host.
    public var root: String

    public init(root: String = "") {
        var r = root
        while r.count > 1, r.hasSuffix("/") { r.removeLast() }
        self.root = r == "/" ? "" : r
    }

    /// Reads `JAILTOP_ROOT` from an environment.
    public init(environment: [String: String]) {
        self.init(root: environment["JAILTOP_ROOT"] ?? "")
    }

    /// The real location of an absolute host path (unchanged when there is no root).
    public func resolve(_ absolutePath: String) -> String {
        root.isEmpty ? absolutePath : root + absolutePath
    }

    // Base-system tools, by absolute path: never looked up in PATH.
    public static let jls = "/usr/sbin/jls"
    public static let ps = "/bin/ps"
    public static let rctl = "/usr/bin/rctl"
    public static let procstat = "/usr/bin/procstat"
    public static let sysctl = "/sbin/sysctl"
    public static let netstat = "/usr/bin/netstat"
    public static let jail = "/usr/sbin/jail"
    public static let jexec = "/usr/sbin/jexec"
    public static let kill = "/bin/kill"
    public static let pkill = "/usr/bin/pkill"
    /// service(8), for jails rc.d starts from legacy rc.conf variables.
    public static let service = "/usr/sbin/service"
    /// tee(1), which appends a limit to /etc/rctl.conf (`tee -a`, the rule on its stdin).
    public static let tee = "/usr/bin/tee"

    // Files read.
    public static let passwd = "/etc/passwd"
    public static let rcConf = "/etc/rc.conf"
    /// The rules rc.d/rctl loads at boot.
    public static let rctlConf = "/etc/rctl.conf"

    /// UTF-8 locales ps may be run in, best first. Both come with the base system
    /// (share/ctypedef/Makefile: `LOCALES+= C.UTF-8`, and en_US.UTF-8/LC_CTYPE is a link to
    /// ../C.UTF-8/LC_CTYPE); older or stripped hosts may lack C.UTF-8.
    public static let utf8Locales = ["C.UTF-8", "en_US.UTF-8"]

    /// The LC_CTYPE file setlocale(3) loads for a locale name (`_PathLocale/<name>/LC_CTYPE`).
    public static func ctypeFile(_ locale: String) -> String { "/usr/share/locale/\(locale)/LC_CTYPE" }

    /// The first of `utf8Locales` this host has. Without one, setlocale fails, ps silently stays
    /// in the C locale, and its text must be read as such.
    public func utf8Locale() -> String? {
        Self.utf8Locales.first { FileManager.default.fileExists(atPath: resolve(Self.ctypeFile($0))) }
    }
}
