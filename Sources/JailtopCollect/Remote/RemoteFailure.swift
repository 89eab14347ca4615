import JailtopModel

/// What a stream that ended says about its host, from ssh's exit status and stderr and from
/// how far the stream got. ssh exits 255 for its own failures, and with the remote command's
/// status otherwise (127: the far side's shell found no jailtop; 2: a jailtop without --stream).
enum RemoteFailure {
    static func health(after end: StreamProcess.End, host: RemoteHost, sawHeader: Bool, remoteJailtop: String) -> RemoteHealth {
        let said = lastLine(end.stderr)
        let text = end.stderr.lowercased()
        let status = end.status.map { "exit status \($0)" } ?? "no exit status"
        if sawHeader {
            return .linkLost(said ?? "the stream ended (\(status))")
        }
        if end.cause == .lineTooLong {
            return .tooOld("\(host)'s first line is over \(StreamProcess.maximumLine >> 20) MB: not a jailtop stream")
        }
        if ["permission denied", "host key verification failed", "too many authentication failures", "no supported authentication"]
            .contains(where: text.contains) {
            return .authFailed(said ?? "ssh could not log in (\(status))")
        }
        if end.status == 127 || (end.status != 255 && (text.contains("not found") || text.contains("no such file"))) {
            return .notInstalled("no \(remoteJailtop) on \(host)" + (said.map { " (\($0))" } ?? "") + "; name it with --remote-command PATH")
        }
        if end.status == 2 || end.status == 64, text.contains("stream") || text.contains("unknown option") || text.contains("unexpected argument") {
            return .tooOld("\(host)'s jailtop has no snapshot --stream: upgrade it there" + (said.map { " (\($0))" } ?? ""))
        }
        return .unreachable(said ?? "ssh ended before the stream began (\(status))")
    }

    /// The last line of stderr that says something, sanitized and kept short.
    static func lastLine(_ stderr: String) -> String? {
        guard let line = stderr.split(whereSeparator: \.isNewline).map({ $0.trimmingASCIIWhitespace() }).last(where: { !$0.isEmpty }) else {
            return nil
        }
        return SanitizedText.clean(String(line.prefix(200)))
    }
}
