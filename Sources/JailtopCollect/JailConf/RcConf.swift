/// The rc.conf(5) settings the jail service uses (`jail_enable`, `jail_list`, `jail_conf`,
/// `jail_<name>_conf`), read from plain shell assignments. Not a shell: nothing is ever executed, and
/// assignments it cannot evaluate without running commands are ignored.
public struct RcConf: Sendable, Equatable {
    /// Every variable assigned, later assignments winning, as the rc scripts would see them.
    public private(set) var variables: [String: String]
    /// Files that could not be read (a missing one is no error) and values refused because they
    /// grew too long after expansion (see `ExpansionLimits`).
    public private(set) var errors: [JailConfError] = []

    public init(variables: [String: String] = [:]) {
        self.variables = variables
    }

    /// Parses `text` as one rc.conf file.
    public init(parsing text: String) {
        self.init()
        apply(text)
    }

    /// What rc.subr's load_rc_config sources for the jail service, in order, under the root prefix:
    /// `/etc/rc.conf`, `/etc/rc.conf.local`, then `/etc/rc.conf.d/jail` (a file, or a directory of files).
    /// The defaults of `/etc/defaults/rc.conf` are built in (see `jailEnable`, `jailConf`).
    public static func load(root: String) -> RcConf {
        let files = JailConfFileSystem(root: root)
        // rc.subr's load_rc_config: the defaults first, then the admin's files.
        var paths = ["/etc/defaults/rc.conf", "/etc/rc.conf", "/etc/rc.conf.local"]
        if files.isDirectory("/etc/rc.conf.d/jail") {
            // rc.subr sources the entries that pass `[ -f ]`; a subdirectory is skipped quietly, and
            // anything else that is no regular file (a FIFO) is reported by the read below.
            paths += files.glob("/etc/rc.conf.d/jail/*").filter { !files.isDirectory($0) }
        } else {
            paths.append("/etc/rc.conf.d/jail")
        }
        var conf = RcConf()
        for path in paths {
            switch files.read(path) {
            case .success(let bytes):
                conf.apply(bytes: bytes, file: path)
            case .failure(.notFound):
                continue
            case .failure(let reason):
                conf.errors.append(JailConfError(file: path, line: 0, message: "cannot read: \(reason)"))
            }
        }
        return conf
    }

    /// Applies the assignments of another file on top of the current ones.
    public mutating func apply(_ text: String) {
        apply(bytes: Array(text.utf8))
    }

    /// Applies one file's assignments. A value longer than `limits.maximumValueLength` after
    /// expansion, or taking the file past `limits.maximumTotalLength` of expanded text, is reported
    /// (the latter once) and not assigned: the variable keeps its earlier value.
    mutating func apply(bytes: [UInt8], file: String = "/etc/rc.conf", limits: ExpansionLimits = .standard) {
        var scanner = RcConfScanner(bytes: bytes)
        var remaining = limits.maximumTotalLength
        var reportedTotal = false
        while let command = scanner.nextCommand() {
            // Only a command made of assignments alone sets shell variables (`a=1 cmd` does not);
            // `export a=1` (ezjail's per-jail files, some hand-written rc.conf.d files) does too.
            var assignments = command[...]
            if let first = command.first, first.assignment == nil, first.parts == [.literal(Array("export".utf8))] {
                assignments = command.dropFirst()
            }
            guard !assignments.isEmpty, assignments.allSatisfy({ $0.assignment != nil && !$0.unsafe }) else { continue }
            for word in assignments {
                guard let name = word.assignment else { continue }
                switch expand(word.parts, limits: limits, remaining: &remaining) {
                case .success(let value):
                    variables[name] = value
                case .failure(let refusal):
                    if refusal == .totalTooLong {
                        if reportedTotal { continue }
                        reportedTotal = true
                    }
                    errors.append(JailConfError(file: file, line: scanner.commandLine,
                                                message: "\(name): \(refusal.message(limits))"))
                }
            }
        }
    }

    public func value(_ name: String) -> String? {
        variables[name]
    }

    /// `jail_enable`, with rc.subr's checkyesno (YES/TRUE/ON/1 in any case); default NO.
    public var jailEnable: Bool {
        Self.isYes(variables["jail_enable"] ?? "NO")
    }

    /// `jail_list`, split on blanks; empty means "every jail in `jail_conf`".
    public var jailList: [String] {
        (variables["jail_list"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }

    /// `jail_conf`; rc.d/jail uses `/etc/jail.conf` when it is unset or empty.
    public var jailConf: String {
        let value = variables["jail_conf"] ?? ""
        return value.isEmpty ? "/etc/jail.conf" : value
    }

    /// rc.subr checkyesno(): YES, TRUE, ON or 1, in any letter case.
    public static func isYes(_ value: String) -> Bool {
        ["yes", "true", "on", "1"].contains(value.lowercased())
    }

    /// A word's value. Bytes taken from variables are charged to `remaining` (literal bytes are the
    /// file's own, bounded by its size), also when the value is then refused; only a value that
    /// uses a variable's value can be too long (a long literal or fallback is what the file says).
    private func expand(
        _ parts: [RcConfScanner.Part], limits: ExpansionLimits, remaining: inout Int
    ) -> Result<String, ExpansionRefusal> {
        var output: [UInt8] = []
        var usesVariables = false
        for part in parts {
            let piece: [UInt8]
            switch part {
            case .literal(let bytes):
                piece = bytes
            case .variable(let name, let fallback, let fallbackWhenEmpty):
                let current = variables[name]
                if let fallback, current.map({ fallbackWhenEmpty && $0.isEmpty }) ?? true {
                    piece = fallback
                } else {
                    usesVariables = true
                    let value = current ?? ""
                    guard value.utf8.count <= remaining else {
                        remaining = 0
                        return .failure(.totalTooLong)
                    }
                    remaining -= value.utf8.count
                    piece = Array(value.utf8)
                }
            }
            output += piece
        }
        if usesVariables, output.count > limits.maximumValueLength { return .failure(.valueTooLong) }
        return .success(String(decoding: output, as: UTF8.self))
    }
}
