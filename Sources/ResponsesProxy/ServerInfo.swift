import Foundation

/// The `--server-info` file: one line of JSON, `{"port":<port>,"pid":<pid>}`, written once the proxy listens, so
/// a supervisor polling for a non-empty file learns where to connect.
public enum ServerInfo {
    /// The line for a port and process id, newline included.
    public static func line(port: Int, pid: Int32) -> String {
        "{\"port\":\(port),\"pid\":\(pid)}\n"
    }

    /// Writes the line, creating the parent directories first.
    /// - Parameters:
    ///   - path: The file to write.
    ///   - port: The port the proxy listens on.
    ///   - pid: The proxy's process id.
    /// - Throws: ``ResponsesProxyError`` when a directory or the file cannot be written.
    public static func write(to path: String, port: Int, pid: Int32) throws(ResponsesProxyError) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(line(port: port, pid: pid).utf8).write(to: url, options: .atomic)
        } catch {
            throw .serverInfoFailed(path: path, reason: error.localizedDescription)
        }
    }
}
