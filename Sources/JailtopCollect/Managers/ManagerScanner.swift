import JailtopModel

/// Keeps one manager's jails up to date at the cost of a few stat(2) calls per refresh when
/// nothing changed: the settings and jail directories are stamped every refresh (a jail made
/// or destroyed changes its directory's stamp), each jail's own files a budget at a time in
/// rotation, and a file is read and parsed again only when its stamp changed.
struct ManagerScanner: Sendable {
    let layout: any ManagerLayout
    private var location: ManagerLocation?
    private var watchedStamps: [Result<FileStamp?, FileReadFailure>] = []
    private var listings: [String: Listing] = [:]
    private var entries: [ManagerEntry: EntryState] = [:]
    private var cursor = 0

    private struct Listing: Sendable {
        var stamp: Result<FileStamp?, FileReadFailure>
        var names: Result<[String]?, FileReadFailure>
    }

    private struct EntryState: Sendable {
        var stamps: [Result<FileStamp?, FileReadFailure>]
        var jail: Result<ManagedJail?, ManagerProblem>
    }

    init(layout: any ManagerLayout) {
        self.layout = layout
    }

    /// The jails now, and what could not be read. `budget` is how many known entries may be
    /// stamped again this refresh (new entries always are); it is reduced by what was used.
    mutating func refresh(_ fs: ManagerFileSystem, budget: inout Int) -> (jails: [ManagedJail], problems: [ManagerProblem]) {
        if let location, location.watched.map(fs.stamp) == watchedStamps {
            // The settings hold.
        } else {
            let found = layout.locate(fs)
            location = found
            watchedStamps = found.watched.map(fs.stamp)
            listings = listings.filter { found.directories.contains($0.key) }
        }
        guard let location else { return ([], []) }
        var problems = location.problems

        var current: [ManagerEntry] = []
        for directory in location.directories {
            let stamp = fs.stamp(directory)
            var listing = listings[directory]
            if listing?.stamp != stamp || listing == nil {
                listing = Listing(stamp: stamp, names: fs.list(directory))
                listings[directory] = listing
            }
            switch listing!.names {
            case .success(let names):
                let context = location.context[directory] ?? [:]
                current += (names ?? []).map { ManagerEntry(directory: directory, name: $0, context: context) }
            case .failure(let reason):
                problems.append(ManagerProblem(directory, reason))
            }
        }

        // Entries gone from their directory are forgotten; new ones are read now; known ones
        // are stamped in turn, `budget` of them.
        if entries.count != current.count || current.contains(where: { entries[$0] == nil }) {
            let keep = Set(current)
            entries = entries.filter { keep.contains($0.key) }
        }
        var jails: [ManagedJail] = []
        jails.reserveCapacity(current.count)
        let start = current.isEmpty ? 0 : cursor % current.count
        var restamped = 0
        for offset in current.indices {
            let entry = current[(start + offset) % current.count]
            if var state = entries[entry] {
                if restamped < budget {
                    restamped += 1
                    let stamps = layout.stampedFiles(of: entry).map(fs.stamp)
                    if stamps != state.stamps {
                        state = EntryState(stamps: stamps, jail: layout.jail(at: entry, fs))
                        entries[entry] = state
                    }
                }
            } else {
                let stamps = layout.stampedFiles(of: entry).map(fs.stamp)
                entries[entry] = EntryState(stamps: stamps, jail: layout.jail(at: entry, fs))
            }
        }
        cursor = current.isEmpty ? 0 : (start + restamped) % current.count
        budget -= restamped
        for entry in current {
            switch entries[entry]?.jail {
            case .success(let jail?): jails.append(jail)
            case .failure(let problem): problems.append(problem)
            case .success(nil), nil: break
            }
        }
        return (jails, problems)
    }
}
