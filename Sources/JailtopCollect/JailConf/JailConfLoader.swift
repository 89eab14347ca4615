/// Lays out what `jail -f FILE` sees: parses FILE and everything it `.include`s, and lists the jail
/// definitions in jail(8)'s order (usr.sbin/jail/jailparse.y and config.c include_config(), FreeBSD 14/15).
///
/// Deviation kept on purpose: jail(8) stops at the first error in any file; here a file with a syntax
/// error is reported and skipped as a whole, and the files around it are still used, so one broken
/// include does not hide every other jail. Include loops are reported instead of recursing until
/// jail(8)'s depth limit, and one view reads at most `maximumIncludedFiles` includes and
/// `maximumTextRead` bytes, where jail(8) would go on (files that each include `*.conf` of their
/// own directory make every order of them a path: 10 files are millions of includes).
///
/// Paths are host paths under the root: `JailConfFileSystem` resolves them inside it, so neither
/// `.include "/../../x"` nor a symlink leaves JAILTOP_ROOT.
struct JailConfLoader {
    /// config.c MAX_INCLUDE_DEPTH.
    static let maximumIncludeDepth = 32
    /// Bound on blocks plus includes nested inside each other, so hostile input cannot exhaust the stack.
    static let maximumNesting = 64
    /// Bound on the files one view includes, counting a file each time it is included. A host with
    /// a file per jail includes about a thousand.
    static let maximumIncludedFiles = 4096
    /// Bound on the bytes one view walks through, counting a file each time it is read into it:
    /// four files at the 16 MiB cap of `JailConfFileSystem`.
    static let maximumTextRead = 64 << 20

    let files: JailConfFileSystem
    private var parsed: [String: Parsed] = [:]

    /// A file's parse outcome, cached so a file read by several views is parsed once.
    private enum Parsed {
        case unreadable(JailConfFileSystem.ReadFailure)
        /// The statements, and the size of the text they came from.
        case statements([JailConfStatement], size: Int)
        case syntaxError(JailConfError)
    }

    /// The view being built: definitions in order, the global pseudo-jail, problems, open includes,
    /// and how much was included so far.
    private struct Layout {
        var definitions: [JailConfDefinition] = []
        var globalIndex: Int?
        var errors: [JailConfError] = []
        var includeStack: [String] = []
        var includedFiles = 0
        var textRead = 0

        mutating func report(_ error: JailConfError) {
            if !errors.contains(error) { errors.append(error) }
        }
    }

    init(files: JailConfFileSystem) {
        self.files = files
    }

    /// The view of a top-level file, or nil when it does not exist.
    mutating func load(file: String) -> JailConfView? {
        switch parse(file) {
        case .unreadable(.notFound):
            return nil
        case .unreadable(let reason):
            return JailConfView(file: file, definitions: [],
                                errors: [JailConfError(file: file, line: 0, message: "cannot read: \(reason)")])
        case .syntaxError(let error):
            return JailConfView(file: file, definitions: [], errors: [error])
        case .statements(let statements, let size):
            return layOut(statements, file: file, size: size)
        }
    }

    /// The view of text given directly, as if it were the content of `file`.
    mutating func load(bytes: [UInt8], file: String) -> JailConfView {
        switch JailConfParser.parse(bytes: bytes, file: file) {
        case .failure(let error):
            return JailConfView(file: file, definitions: [], errors: [error])
        case .success(let statements):
            return layOut(statements, file: file, size: bytes.count)
        }
    }

    private mutating func layOut(_ statements: [JailConfStatement], file: String, size: Int) -> JailConfView {
        var layout = Layout()
        layout.includeStack = [file]
        layout.textRead = size
        walk(statements, file: file, currentJail: nil, depth: 0, layout: &layout)
        return JailConfView(file: file, definitions: layout.definitions, errors: layout.errors)
    }

    private mutating func walk(
        _ statements: [JailConfStatement], file: String, currentJail: Int?, depth: Int, layout: inout Layout
    ) {
        for statement in statements {
            switch statement {
            case .parameter(let parameter):
                if let currentJail {
                    layout.definitions[currentJail].parameters.append(parameter)
                } else {
                    // Why one global jail: jailparse.y (14+) keeps a single `*` pseudo-jail for every
                    // parameter outside a block, created at the first one. So global parameters written
                    // after a jail still sit *before* it if any global parameter came first.
                    let index: Int
                    if let globalIndex = layout.globalIndex {
                        index = globalIndex
                    } else {
                        layout.definitions.append(
                            JailConfDefinition(name: "*", file: file, line: parameter.line, parameters: []))
                        index = layout.definitions.count - 1
                        layout.globalIndex = index
                    }
                    layout.definitions[index].parameters.append(parameter)
                }
            case .jail(let block):
                let name = currentJail.map { layout.definitions[$0].name + "." + block.name } ?? block.name
                guard depth < Self.maximumNesting else {
                    layout.report(JailConfError(file: file, line: block.line,
                                                message: "jail definitions nested too deeply"))
                    continue
                }
                layout.definitions.append(JailConfDefinition(name: name, file: file, line: block.line, parameters: []))
                walk(block.body, file: file, currentJail: layout.definitions.count - 1, depth: depth + 1,
                     layout: &layout)
            case .include(let include):
                for pattern in include.patterns {
                    self.include(pattern, from: file, line: include.line, currentJail: currentJail, depth: depth,
                                 layout: &layout)
                }
            }
        }
    }

    /// config.c include_config(): a relative name is taken from the including file's directory; a
    /// pattern with glob magic may match nothing, anything else must be an existing file. The included
    /// text continues the current context (an include inside a block adds to that jail).
    private mutating func include(
        _ pattern: String, from file: String, line: Int, currentJail: Int?, depth: Int, layout: inout Layout
    ) {
        var resolved = pattern
        if !pattern.hasPrefix("/"), let slash = file.lastIndex(of: "/") {
            resolved = String(file[...slash]) + pattern
        }
        let targets = JailConfFileSystem.hasGlobMagic(resolved) ? files.glob(resolved) : [resolved]
        for target in targets {
            if layout.includeStack.contains(target) {
                layout.report(JailConfError(file: file, line: line,
                                            message: "include loop: \(target) is already being read"))
                continue
            }
            guard layout.includeStack.count <= Self.maximumIncludeDepth, depth < Self.maximumNesting else {
                layout.report(JailConfError(file: file, line: line, message: "maximum include depth exceeded"))
                continue
            }
            layout.includedFiles += 1
            guard layout.includedFiles <= Self.maximumIncludedFiles else {
                layout.report(JailConfError(file: file, line: line,
                                            message: "too many included files (over \(Self.maximumIncludedFiles))"))
                continue
            }
            switch parse(target) {
            case .unreadable(let reason):
                layout.report(JailConfError(file: file, line: line,
                                            message: "cannot open included file \(target): \(reason)"))
            case .syntaxError(let error):
                layout.report(error)
            case .statements(let statements, let size):
                guard layout.textRead + size <= Self.maximumTextRead else {
                    layout.report(JailConfError(
                        file: file, line: line,
                        message: "too much included text (over \(BinarySize.text(Self.maximumTextRead))): \(target) not read"))
                    continue
                }
                layout.textRead += size
                layout.includeStack.append(target)
                walk(statements, file: target, currentJail: currentJail, depth: depth + 1, layout: &layout)
                layout.includeStack.removeLast()
            }
        }
    }

    private mutating func parse(_ file: String) -> Parsed {
        if let cached = parsed[file] { return cached }
        let outcome: Parsed
        switch files.read(file) {
        case .failure(let reason):
            outcome = .unreadable(reason)
        case .success(let bytes):
            switch JailConfParser.parse(bytes: bytes, file: file) {
            case .success(let statements): outcome = .statements(statements, size: bytes.count)
            case .failure(let error): outcome = .syntaxError(error)
            }
        }
        parsed[file] = outcome
        return outcome
    }
}
