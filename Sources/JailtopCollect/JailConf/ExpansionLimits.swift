/// Caps on the text variable expansion may produce: per value, and in total for one jail.conf file
/// with its includes (every jail of it) or for one rc.conf file.
///
/// Why these numbers: jail(8) and sh(1) have no limit of their own and would grow a doubling
/// `$b = "$a$a"` chain until memory runs out (40 lines make terabytes). What jail(8) builds goes to
/// jail_set(2), whose string parameters the kernel caps at a few KiB at most (path 1024 bytes,
/// host.hostname 256), or to `sh -c` for the exec.* commands; rc.conf values are short words and
/// lists (`jail_list` of 1000 jails is about 10 KiB). 64 KiB per value is far above any real value,
/// and 16 MiB in total is far above 1000 jails with their wildcard-inherited command lists, while a
/// bomb stops after about 16 doublings.
struct ExpansionLimits: Sendable, Equatable {
    /// Longest value a substitution may produce.
    var maximumValueLength: Int
    /// Most text one file may expand to: in jail.conf every parameter copied into a jail (wildcards
    /// and globals included) plus every substituted byte, over all its jails; in rc.conf the bytes
    /// taken from variables.
    var maximumTotalLength: Int

    static let standard = ExpansionLimits(maximumValueLength: 64 << 10, maximumTotalLength: 16 << 20)
}

/// Why an expansion was cut off instead of growing.
enum ExpansionRefusal: Error, Sendable, Equatable {
    case valueTooLong
    case totalTooLong

    func message(_ limits: ExpansionLimits) -> String {
        switch self {
        case .valueTooLong:
            return "value too long after expansion (over \(BinarySize.text(limits.maximumValueLength)))"
        case .totalTooLong:
            return "too much text after expansion (over \(BinarySize.text(limits.maximumTotalLength)) for the file)"
        }
    }
}
