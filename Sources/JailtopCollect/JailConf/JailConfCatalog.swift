/// Finds every configured jail of a host, running or not, from the files jail(8) and rc.d/jail read,
/// and tells which file `jail -f` needs for a jail, following rc.d/jail's lookup (parse_options).
///
/// All paths are given and returned without the root prefix; `root` ("" on a real host, a test
/// directory otherwise: the JAILTOP_ROOT mechanism) is put in front of every absolute path read,
/// `.include` targets included, and the path is resolved inside it (`RootedPath`: `..` and symlinks
/// never lead out of the root).
public enum JailConfCatalog {
    /// Every jail defined in `$jail_conf` (default `/etc/jail.conf`) with its includes, `/etc/jail.conf`,
    /// `/etc/jail.*.conf`, `/etc/jail.conf.d/*.conf` and any `jail_<name>_conf` file named in rc.conf.
    ///
    /// Each file is read on its own, as `jail -f FILE` would (so `/etc/jail.conf`'s global parameters
    /// only reach the files it includes). A jail found in several files is taken from the file rc.d/jail
    /// would use for it (`jail_<name>_conf` or `/etc/jail.<name>.conf`, then `/etc/jail.conf.d/<name>.conf`,
    /// then `$jail_conf`), or else from the first file that defines it. Jails come in file order.
    /// Errors: rc.conf files that cannot be read or expand too far, syntax and include problems of
    /// every file read (a file with a syntax error contributes no jail, other files are unaffected;
    /// one that is no regular file, a FIFO say, is reported and never opened for reading), and the
    /// expansion problems of the jails returned.
    public static func load(root: String) -> (jails: [ConfiguredJail], errors: [JailConfError]) {
        let files = JailConfFileSystem(root: root)
        let rc = RcConf.load(root: root)
        var viewFiles = [rc.jailConf, "/etc/jail.conf"]
        viewFiles += files.glob("/etc/jail.*.conf")
        viewFiles += files.glob("/etc/jail.conf.d/*.conf")
        for key in rc.variables.keys.sorted() where isPerJailConfVariable(key) {
            if let value = rc.variables[key], !value.isEmpty { viewFiles.append(absolute(value)) }
        }

        var loader = JailConfLoader(files: files)
        var errors = rc.errors
        var views: [(file: String, jails: [JailConfEvaluator.Evaluated])] = []
        var loaded: Set<String> = []
        for file in viewFiles where !loaded.contains(file) {
            loaded.insert(file)
            guard let view = loader.load(file: file) else { continue }
            errors += view.errors
            views.append((file, firstPerName(JailConfEvaluator.evaluate(view))))
        }

        var names: [String] = []
        var seen: Set<String> = []
        for view in views {
            for evaluated in view.jails where !seen.contains(evaluated.jail.name) {
                seen.insert(evaluated.jail.name)
                names.append(evaluated.jail.name)
            }
        }

        var jails: [ConfiguredJail] = []
        for name in names {
            let preferred = lookupOrder(forJail: name, rc: rc)
            let candidates = preferred.compactMap { file in views.first { $0.file == file } } + views
            for view in candidates {
                if let evaluated = view.jails.first(where: { $0.jail.name == name }) {
                    jails.append(evaluated.jail)
                    errors += evaluated.errors
                    break
                }
            }
        }
        // A jail rc.conf defines with _rootdir and _hostname is started from those variables
        // alone: rc.d reads no jail.conf for it, so its definition replaces any other.
        let legacy = RcConfLegacyJails.jails(rc: rc, root: root, fileIsReadable: files.isReadableFile)
        let legacyNames = Set(legacy.jails.map(\.name))
        jails = jails.filter { !legacyNames.contains($0.name) } + legacy.jails
        errors += legacy.errors
        return (jails, unique(errors))
    }

    /// How rc.d would start a jail by name: from its legacy rc.conf variables, or from the
    /// first readable jail.conf file of its lookup order; nil when it could not.
    public static func definition(forJail name: String, root: String) -> JailDefinition? {
        let rc = RcConf.load(root: root)
        if RcConfLegacyJails.kernelName(name) == name,
            RcConfLegacyJails.generatedConfig(
                jailName: name, infix: RcConfLegacyJails.variableInfix(name), rc: rc, fileIsReadable: { _ in false }) != nil
        {
            return .rcConf
        }
        return configFile(forJail: name, root: root).map(JailDefinition.file)
    }

    /// The file to give `jail -f` for `name`, in rc.d/jail's order: `${jail_<name>_conf}` (default
    /// `/etc/jail.<name>.conf`), then `/etc/jail.conf.d/<name>.conf`, then `$jail_conf`
    /// (default `/etc/jail.conf`); the first readable one wins, whether or not it defines the jail, as
    /// in rc.d. Nil when none is readable. The path is returned without the root prefix.
    public static func configFile(forJail name: String, root: String) -> String? {
        let files = JailConfFileSystem(root: root)
        let rc = RcConf.load(root: root)
        return lookupOrder(forJail: name, rc: rc).first(where: files.isReadableFile)
    }

    /// The jails `jail -f file` would see (the file and its includes), first definition of each name.
    public static func loadFile(_ file: String, root: String) -> (jails: [ConfiguredJail], errors: [JailConfError]) {
        var loader = JailConfLoader(files: JailConfFileSystem(root: root))
        guard let view = loader.load(file: file) else {
            return ([], [JailConfError(file: file, line: 0, message: "cannot read: No such file or directory")])
        }
        return result(of: view)
    }

    /// Parses `text` as if it were the content of `file`; `.include`s are read under `root`.
    public static func parse(_ text: String, file: String, root: String = "") -> (jails: [ConfiguredJail], errors: [JailConfError]) {
        var loader = JailConfLoader(files: JailConfFileSystem(root: root))
        return result(of: loader.load(bytes: Array(text.utf8), file: file))
    }

    /// rc.d/jail parse_options(): the candidate files for one jail, most preferred first.
    ///
    /// Why `.` is kept: rc.d runs `tr /. _` on the jail name, which breaks hierarchical names anyway
    /// (`service jail start a.b` looks for jail `a_b`); jailtop runs jail(8) directly, so `a.b` keeps its
    /// dots here and only `/` is replaced, which also keeps the name from escaping `/etc`.
    static func lookupOrder(forJail name: String, rc: RcConf) -> [String] {
        let safe = String(name.map { $0 == "/" ? "_" : $0 })
        let variableName = RcConfLegacyJails.variableInfix(safe)
        var perJail = "/etc/jail.\(safe).conf"
        if let configured = rc.value("jail_\(variableName)_conf"), !configured.isEmpty {
            perJail = absolute(configured)
        }
        return [perJail, "/etc/jail.conf.d/\(safe).conf", rc.jailConf]
    }

    private static func result(of view: JailConfView) -> (jails: [ConfiguredJail], errors: [JailConfError]) {
        let evaluated = firstPerName(JailConfEvaluator.evaluate(view))
        return (evaluated.map(\.jail), unique(view.errors + evaluated.flatMap(\.errors)))
    }

    /// Why the first one: with two blocks of the same name jail(8)'s bsearch may pick either; the first
    /// is the one a reader of the file sees.
    private static func firstPerName(_ jails: [JailConfEvaluator.Evaluated]) -> [JailConfEvaluator.Evaluated] {
        var seen: Set<String> = []
        return jails.filter { seen.insert($0.jail.name).inserted }
    }

    private static func unique(_ errors: [JailConfError]) -> [JailConfError] {
        var seen: Set<JailConfError> = []
        return errors.filter { seen.insert($0).inserted }
    }

    private static func isPerJailConfVariable(_ key: String) -> Bool {
        key != "jail_conf" && key.hasPrefix("jail_") && key.hasSuffix("_conf") && key.count > "jail__conf".count
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : "/" + path
    }
}

/// What a jail is started from, as rc.d would find it.
public enum JailDefinition: Sendable, Equatable {
    /// A jail.conf file (host path): `jail -c -f FILE NAME`.
    case file(String)
    /// Legacy rc.conf variables: rc.d generates the configuration (`service jail onestart NAME`).
    case rcConf
}
