import JailtopModel

/// Keeps one manager's jails up to date at the cost of a few stat(2) calls per refresh when
/// nothing changed: the settings and jail directories are stamped every refresh (a jail made
/// or destroyed changes its directory's stamp), each jail's own files a budget at a time in
/// rotation, and a file is read and parsed again only when its stamp changed. The jails found
/// are kept as one array, rebuilt only when something changed.
struct ManagerScanner: Sendable {
    let layout: any ManagerLayout
    private var location: ManagerLocation?
    private var watchedStamps: [Result<FileStamp?, FileReadFailure>] = []
    private var listings: [String: Listing] = [:]
    /// Every entry of the jail directories, in directory then name order, with what was read.
    private var entries: [ManagerEntry] = []
    private var states: [EntryState] = []
    private var cursor = 0
    /// What the last refresh returned, and whether anything changed since.
    private var found: (jails: [ManagedJail], problems: [ManagerProblem]) = ([], [])
    private var dirty = true
    /// Counts the refreshes that changed what is found (a cheap "same as before" for callers).
    private(set) var generation = 0

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
        if location == nil || location!.watched.map(fs.stamp) != watchedStamps {
            let located = layout.locate(fs)
            // A change of a watched directory that leaves the jail directories as they were
            // (a new file in a pool's mountpoint) changes nothing found.
            if located != location {
                dirty = true
                listings = listings.filter { located.directories.contains($0.key) }
            }
            location = located
            watchedStamps = located.watched.map(fs.stamp)
        }
        guard let location else { return ([], []) }

        var relisted = false
        for directory in location.directories {
            let stamp = fs.stamp(directory)
            if let listing = listings[directory], listing.stamp == stamp { continue }
            listings[directory] = Listing(stamp: stamp, names: fs.list(directory))
            relisted = true
        }
        if relisted || dirty { rebuildEntries(location, fs) }

        // Known entries are stamped in turn, `budget` of them; a changed one is read again.
        var restamped = 0
        if !entries.isEmpty {
            while restamped < min(budget, entries.count) {
                let i = (cursor + restamped) % entries.count
                restamped += 1
                let files = layout.stampedFiles(of: entries[i])
                let stamps = files.map(fs.stamp)
                if stamps != states[i].stamps {
                    states[i] = EntryState(stamps: stamps, jail: read(entries[i], fs.knowing(files, stamps)))
                    dirty = true
                }
            }
            cursor = (cursor + restamped) % entries.count
        }
        budget -= restamped

        if dirty {
            var jails: [ManagedJail] = []
            jails.reserveCapacity(entries.count)
            var problems = location.problems
            for directory in location.directories {
                if case .failure(let reason)? = listings[directory]?.names { problems.append(ManagerProblem(directory, reason)) }
            }
            for state in states {
                switch state.jail {
                case .success(let jail?): jails.append(jail)
                case .failure(let problem): problems.append(problem)
                case .success(nil): break
                }
            }
            found = (jails, problems)
            dirty = false
            generation += 1
        }
        return found
    }

    private func read(_ entry: ManagerEntry, _ fs: ManagerFileSystem) -> Result<ManagedJail?, ManagerProblem> {
        do throws(ManagerProblem) { return .success(try layout.jail(at: entry, fs)) } catch { return .failure(error) }
    }

    /// The entries of the directories as listed now; an entry seen before keeps what was read
    /// of it, a new one is read at once.
    private mutating func rebuildEntries(_ location: ManagerLocation, _ fs: ManagerFileSystem) {
        var known: [ManagerEntry: EntryState] = [:]
        for (entry, state) in zip(entries, states) { known[entry] = state }
        var newEntries: [ManagerEntry] = []
        var newStates: [EntryState] = []
        for directory in location.directories {
            guard case .success(let names?)? = listings[directory]?.names else { continue }
            let context = location.context[directory] ?? [:]
            for name in names {
                let entry = ManagerEntry(directory: directory, name: name, context: context)
                newEntries.append(entry)
                if let state = known[entry] {
                    newStates.append(state)
                } else {
                    let files = layout.stampedFiles(of: entry)
                    let stamps = files.map(fs.stamp)
                    newStates.append(EntryState(stamps: stamps, jail: read(entry, fs.knowing(files, stamps))))
                }
            }
        }
        entries = newEntries
        states = newStates
        cursor = entries.isEmpty ? 0 : cursor % entries.count
        dirty = true
    }
}
