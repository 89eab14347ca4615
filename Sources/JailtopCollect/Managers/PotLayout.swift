import JailtopModel

/// pot (shared/managers.md §4): `POT_FS_ROOT` from `/usr/local/etc/pot/pot.default.conf`
/// then `pot.conf` (default `/opt/pot`); each `jails/NAME/conf/pot.conf` is a pot rooted at
/// `jails/NAME/m`, read as pot reads it (`grep "^key="`, quotes stripped).
struct PotLayout: ManagerLayout {
    static let settingsFiles = ["/usr/local/etc/pot/pot.default.conf", "/usr/local/etc/pot/pot.conf"]
    static let defaultRoot = "/opt/pot"

    var manager: JailManager { .pot }

    func locate(_ fs: ManagerFileSystem) -> ManagerLocation {
        var location = ManagerLocation(watched: Self.settingsFiles)
        var variables: [String: String] = [:]
        for file in Self.settingsFiles {
            switch fs.read(file) {
            case .success(let bytes): variables = ManagerSettingsText.shellVariables(bytes, file: file, base: variables)
            case .failure(.notFound): break
            case .failure(let reason): location.problems.append(ManagerProblem(file, reason))
            }
        }
        let root = variables["POT_FS_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultRoot
        location.directories = [JailPath.join(JailPath.normalized(root), "jails")]
        return location
    }

    func stampedFiles(of entry: ManagerEntry) -> [String] { [entry.file("conf/pot.conf")] }

    func jail(at entry: ManagerEntry, _ fs: ManagerFileSystem) throws(ManagerProblem) -> ManagedJail? {
        let path = entry.file("conf/pot.conf")
        guard let bytes = try fs.jailFile(path) else { return nil }
        let conf = ManagerSettingsText.keyValues(String(decoding: bytes, as: UTF8.self))
        func value(_ key: String) -> String? { conf[key]?.last.flatMap { $0.isEmpty ? nil : $0 } }
        var tags = value("pot.type").map { ["type=\($0)"] } ?? []
        if ManagerSettingsText.flag(value("pot.attr.persistent")) == false { tags.append(PotTags.notPersistent) }
        let ip = value("ip").map { $0.split(separator: " ").map(String.init) } ?? []
        return ManagedJail(
            manager: .pot, name: entry.name, path: entry.file("m"), hostname: value("host.hostname") ?? "",
            ip4: ip.filter { !$0.contains(":") }, ip6: ip.filter { $0.contains(":") },
            vnet: ManagerSettingsText.flag(value("vnet")) ?? false, boot: ManagerSettingsText.flag(value("pot.attr.start-at-boot")),
            tags: tags, release: value("osrelease"), config: path)
    }
}

/// What pot's tags say beyond `type=`.
public enum PotTags {
    /// `pot.attr.persistent=NO`: `pot start` runs the pot's command in the foreground and waits.
    public static let notPersistent = "non-persistent"
}
