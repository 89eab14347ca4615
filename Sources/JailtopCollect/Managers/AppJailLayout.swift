import JailtopModel

/// AppJail (shared/managers.md §3): `JAILDIR` from `/usr/local/etc/appjail/appjail.conf`
/// (default `/usr/local/appjail/jails`); each `NAME/` there is a jail rooted at `NAME/jail`,
/// with its parameters in `conf/template.conf` (`key: value`), its origin in `conf/config.conf`,
/// boot flag and priority under `conf/boot/startup/`, and labels under `conf/labels/`.
struct AppJailLayout: ManagerLayout {
    static let settingsFile = "/usr/local/etc/appjail/appjail.conf"
    static let defaultPrefix = "/usr/local"

    var manager: JailManager { .appjail }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: [Self.settingsFile])
        // Read, not sourced: default.conf, which appjail sources after it, runs commands.
        var variables: [String: String] = ["PREFIX": Self.defaultPrefix]
        switch fs.read(Self.settingsFile) {
        case .success(let bytes): variables = ManagerSettingsText.shellVariables(bytes, file: Self.settingsFile, base: variables)
        case .failure(.notFound): break
        case .failure(let reason): location.problems.append(ManagerProblem(Self.settingsFile, reason))
        }
        let datadir = variables["DATADIR"] ?? (variables["PREFIX"] ?? Self.defaultPrefix) + "/appjail"
        location.directories = [JailPath.normalized(variables["JAILDIR"] ?? datadir + "/jails")]
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] {
        ["conf/template.conf", "conf/config.conf", "conf/boot/startup", "conf/boot/startup/priority", "conf/labels"].map(entry.file)
    }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let templatePath = entry.file("conf/template.conf")
        // A jail directory without its template is one `appjail` is still making.
        guard let bytes = try fs.jailFile(templatePath) else { return nil }
        let template = ManagerSettingsText.keyValues(String(decoding: bytes, as: UTF8.self), separators: ":")
        var config: [String: String] = [:]
        // config.conf is a template too (`appjail-config set`): `key: value`.
        for (key, values) in ManagerSettingsText.keyValues(fs.text(entry.file("conf/config.conf")) ?? "", separators: ":") {
            config[key] = values.last
        }
        let labels = fs.names(in: entry.file("conf/labels"))
        let tags = labels.map { label in
            let value = ManagerSettingsText.lines(fs.text(entry.file("conf/labels/\(label)/value"))).first
            return value.map { "\(label)=\($0)" } ?? label
        }
        let vnet = template["vnet"].map { $0.last.map { ["new", "1", "true", ""].contains($0.lowercased()) } ?? true } ?? false
        return ManagedJail(
            manager: .appjail, name: entry.name, path: entry.file("jail"), hostname: template["host.hostname"]?.last ?? "",
            ip4: ConfiguredJail.addresses(template["ip4.addr"] ?? []), ip6: ConfiguredJail.addresses(template["ip6.addr"] ?? []),
            vnet: vnet, boot: fs.exists(entry.file("conf/boot/startup/boot")),
            priority: ManagerSettingsText.lines(fs.text(entry.file("conf/boot/startup/priority"))).first.flatMap { Int($0) },
            tags: tags, release: Self.release(config),
            config: templatePath)
    }
}

extension AppJailLayout {
    /// `osversion` (`14.1-RELEASE`), with AppJail's own release name when it is not `default`.
    static func release(_ config: [String: String]) -> String? {
        guard let version = config["osversion"] else { return config["release_name"] }
        guard let name = config["release_name"], name != "default" else { return version }
        return "\(version) (\(name))"
    }
}

/// AppJail's limits database (`appjail limits set`): one directory per rule under the jail's
/// `conf/boot/limits/`, named by its number (`nro`), holding the rule as given (`rule`, without
/// `jail:NAME:`).
public enum AppJailLimits {
    /// Every stored rule of the jail whose template is `config` (a host path, as
    /// `ManagedBy.config` names it), by number; empty when there are none or they are unreadable.
    public static func entries(config: String, root: String) -> [(number: Int, rule: String)] {
        guard config.hasSuffix("/conf/template.conf") else { return [] }
        let directory = String(config.dropLast("/template.conf".count)) + "/boot/limits"
        let fs = ManagerFileSystem(root: root)
        let numbers = fs.names(in: directory).compactMap { Int($0) }.sorted()
        return numbers.compactMap { n in
            ManagerSettingsText.lines(fs.text("\(directory)/\(n)/rule")).first.map { (n, $0) }
        }
    }
}
