/// The rc.conf(5) settings the jail service uses (`jail_enable`, `jail_list`, `jail_conf`,
/// `jail_<name>_conf`), read from plain shell assignments. Not a shell: nothing is ever executed, and
/// assignments it cannot evaluate without running commands are ignored.
public struct RcConf: Sendable, Equatable {
    /// Every variable assigned, later assignments winning, as the rc scripts would see them.
    public private(set) var variables: [String: String]

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
            paths += files.glob("/etc/rc.conf.d/jail/*")
        } else {
            paths.append("/etc/rc.conf.d/jail")
        }
        var conf = RcConf()
        for path in paths {
            if case .success(let bytes) = files.read(path) {
                conf.apply(bytes: bytes)
            }
        }
        return conf
    }

    /// Applies the assignments of another file on top of the current ones.
    public mutating func apply(_ text: String) {
        apply(bytes: Array(text.utf8))
    }

    mutating func apply(bytes: [UInt8]) {
        var scanner = RcConfScanner(bytes: bytes)
        while let command = scanner.nextCommand() {
            // Only a command made of assignments alone sets shell variables (`a=1 cmd` does not);
            // `export a=1` (ezjail's per-jail files, some hand-written rc.conf.d files) does too.
            var assignments = command[...]
            if let first = command.first, first.assignment == nil, first.parts == [.literal(Array("export".utf8))] {
                assignments = command.dropFirst()
            }
            guard !assignments.isEmpty, assignments.allSatisfy({ $0.assignment != nil && !$0.unsafe }) else { continue }
            for word in assignments {
                if let name = word.assignment {
                    variables[name] = expand(word.parts)
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

    private func expand(_ parts: [RcConfScanner.Part]) -> String {
        var output: [UInt8] = []
        for part in parts {
            switch part {
            case .literal(let bytes):
                output += bytes
            case .variable(let name, let fallback, let fallbackWhenEmpty):
                let current = variables[name]
                if let fallback, current.map({ fallbackWhenEmpty && $0.isEmpty }) ?? true {
                    output += fallback
                } else {
                    output += Array((current ?? "").utf8)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
