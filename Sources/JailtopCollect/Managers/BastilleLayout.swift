import JailtopModel

/// Bastille (shared/managers.md §1): every `/usr/local/etc/bastille/*.conf` names a
/// `bastille_jailsdir` (default `${bastille_prefix}/jails`, prefix `/usr/local/bastille`), and
/// each `NAME/jail.conf` there is one jail, with `settings.conf` (boot, priority), `tags`,
/// `fstab` (a thin jail's release) beside it.
struct BastilleLayout: ManagerLayout {
    static let settingsDirectory = "/usr/local/etc/bastille"
    static let defaultPrefix = "/usr/local/bastille"

    var manager: JailManager { .bastille }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: [Self.settingsDirectory])
        let names: [String]
        switch fs.list(Self.settingsDirectory) {
        case .success(let found): names = (found ?? []).filter { $0.hasSuffix(".conf") }
        case .failure(let reason):
            location.problems.append(ManagerProblem(Self.settingsDirectory, reason))
            names = []
        }
        var directories: [String] = []
        for name in names {
            let file = JailPath.join(Self.settingsDirectory, name)
            location.watched.append(file)
            switch fs.read(file) {
            case .success(let bytes):
                var variables = ManagerSettingsText.shellVariables(bytes, file: file, base: ["bastille_prefix": Self.defaultPrefix])
                if variables["bastille_jailsdir"] == nil {
                    variables["bastille_jailsdir"] = (variables["bastille_prefix"] ?? Self.defaultPrefix) + "/jails"
                }
                if let jailsdir = variables["bastille_jailsdir"], !jailsdir.isEmpty { directories.append(jailsdir) }
            case .failure(let reason):
                location.problems.append(ManagerProblem(file, reason))
            }
        }
        // Before `bastille setup` there is no bastille.conf, only the sample: the defaults hold.
        if names.isEmpty { directories.append(Self.defaultPrefix + "/jails") }
        var seen: Set<String> = []
        location.directories = directories.map(JailPath.normalized).filter { seen.insert($0).inserted }
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] {
        ["jail.conf", "settings.conf", "boot.conf", "tags", "fstab"].map(entry.file)
    }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) -> Result<ManagedJail?, ManagerProblem> {
        let confPath = entry.file("jail.conf")
        let bytes: [UInt8]
        switch fs.read(confPath) {
        case .success(let b): bytes = b
        case .failure(.notFound), .failure(.isDirectory): return .success(nil)
        case .failure(let reason): return .failure(ManagerProblem(confPath, reason))
        }
        let parsed = JailConfCatalog.parse(String(decoding: bytes, as: UTF8.self), file: confPath, root: fs.root)
        // list.sh takes the name from the block header; the directory has the same name.
        guard let conf = parsed.jails.first(where: { $0.name == entry.name }) ?? parsed.jails.first else {
            let why = parsed.errors.first.map { "\($0)" } ?? "no jail block"
            return .failure(ManagerProblem(confPath, why))
        }
        // settings.conf since 1.0, boot.conf in 0.14 (same sysrc format); defaults from set_target.
        let settingsBytes = fs.read(entry.file("settings.conf")).success ?? fs.read(entry.file("boot.conf")).success
        let settings = settingsBytes.map { ManagerSettingsText.shellVariables($0, file: entry.file("settings.conf")) } ?? [:]
        let path = conf.path ?? entry.file("root")
        return .success(
            ManagedJail(
                manager: .bastille, name: conf.name, path: path, hostname: conf.hostname ?? "", ip4: conf.ip4, ip6: conf.ip6,
                vnet: conf.vnet, boot: ManagerSettingsText.flag(settings["boot"]), priority: settings["priority"].flatMap { Int($0) },
                tags: ManagerSettingsText.lines(fs.text(entry.file("tags"))), notes: nil,
                release: Self.release(fstab: fs.text(entry.file("fstab")), root: path, fs), config: confPath))
    }

    /// A thin jail mounts its release (`…/releases/14.1-RELEASE …/root/.bastille nullfs`); a
    /// thick one carries it in its own `bin/freebsd-version`.
    static func release(fstab: String?, root: String, _ fs: ManagerFileSystem) -> String? {
        for line in ManagerSettingsText.lines(fstab) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3, fields[2] == "nullfs", fields[1].hasSuffix("/.bastille") else { continue }
            if let release = fields[0].split(separator: "/").last { return String(release) }
        }
        return fs.textInside(jailRoot: root, "/bin/freebsd-version").flatMap(ManagerSettingsText.userlandVersion)
    }
}

extension Result {
    /// The value, nil on failure.
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
