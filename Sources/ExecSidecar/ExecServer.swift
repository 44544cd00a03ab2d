import CLinuxSecurity
import Glibc
public import Logging
import WardenCore
import NIOCore
import NIOPosix

/// `warden exec-server`: runs the model's shell commands, sent by ``ExecShim`` over a unix socket, each in
/// its own process group under the seccomp filter.
///
/// Each connection is checked with `SO_PEERCRED` and `SO_PEERGROUPS` against the allowed uids and gids
/// (``PeerPolicy``) before a byte is read.
/// The server never runs a command in its own process: every command is started as
/// `<warden> exec-shim --seccomp-exec -- /bin/bash …`, which installs the filter on itself and `execve`s
/// the shell.
public struct ExecServer: Sendable {
    /// The largest request frame accepted (argv, working directory and environment as JSON).
    public static let maximumRequestSize = 1024 * 1024

    private let settings: ExecSettings
    private let workspaceRoot: String
    private let launcherPath: String
    private let logger: Logger

    /// A server with these settings.
    /// - Parameters:
    ///   - settings: The server settings (``ExecSettings/server(from:)``).
    ///   - launcherPath: The `warden` executable that runs `exec-shim --seccomp-exec` for each command.
    ///   - logger: Where the server logs (never commands' output or environment).
    /// - Throws: ``ExecSidecarError`` when the settings have no workspace root.
    public init(settings: ExecSettings, launcherPath: String, logger: Logger) throws(ExecSidecarError) {
        guard let root = settings.workspaceRoot else {
            throw .invalidSetting(key: ExecSettings.Registry.workspace.environmentName, reason: "it is required")
        }
        self.settings = settings
        self.workspaceRoot = root
        self.launcherPath = launcherPath
        self.logger = logger
    }

    /// Listens on the socket and serves connections until the task is cancelled.
    /// - Parameter onListening: Called once the socket accepts connections.
    /// - Throws: ``ExecSidecarError`` when the socket cannot be created.
    public func run(onListening: @Sendable () -> Void = {}) async throws {
        let listener = try UnixSocket.listen(at: settings.socketPath)
        // accept(2) blocks, so it runs on a thread of its own; shutdown(2) on cancellation wakes it.
        let acceptThread = NIOThreadPool(numberOfThreads: 1)
        acceptThread.start()
        logger.info("exec server listening", metadata: ["socket": "\(settings.socketPath)", "workspace": "\(workspaceRoot)"])
        if settings.peerPolicy.admits(.ofThisProcess) {
            // Kubernetes gives a pod's fsGroup to every container, so allowing that gid allows this one too.
            logger.warning(
                """
                the allow list admits this server's own uid or groups, which the model's commands run with; only the seccomp \
                filter keeps them off the socket: allow the bot's uid instead
                """,
                metadata: ["uid": "\(getuid())"]
            )
        }
        onListening()
        await withTaskGroup(of: Void.self) { connections in
            await withTaskCancellationHandler {
                accepting: while !Task.isCancelled {
                    let outcome: AcceptOutcome
                    do {
                        outcome = try await acceptThread.runIfActive { AcceptOutcome.accept(on: listener) }
                    } catch {
                        break
                    }
                    switch outcome {
                    case .serve(let accepted):
                        connections.addTask { await self.serve(accepted) }
                    case .retry:
                        continue
                    case .stop(let code):
                        if !Task.isCancelled {
                            logger.error("accept failed", metadata: ["errno": "\(code)", "reason": "\(String(cString: strerror(code)))"])
                        }
                        break accepting
                    }
                }
            } onCancel: {
                shutdown(listener, Int32(SHUT_RDWR))
            }
            connections.cancelAll()
        }
        close(listener)
        unlink(settings.socketPath)
        try? await acceptThread.shutdownGracefully()
        logger.info("exec server stopped")
    }

    /// Checks the peer, then hands the connection to NIO and serves one command on it.
    private func serve(_ descriptor: Int32) async {
        let peer: PeerCredentials
        switch PeerCredentials.read(from: descriptor) {
        case .success(let credentials):
            peer = credentials
        case .failure(let failure):
            logger.warning("peer credentials unavailable; connection closed", metadata: ["errno": "\(failure.errno)"])
            close(descriptor)
            return
        }
        guard settings.peerPolicy.admits(peer) else {
            let refusal = ExecSidecarError.peerRefused(uid: peer.uid, gid: peer.gid)
            logger.warning(
                "peer refused",
                metadata: ["uid": "\(peer.uid)", "gid": "\(peer.gid)", "groups": "\(peer.groups)", "reason": "\(refusal.metricLabel)"]
            )
            UnixSocket.send(ExecFrame(.failure, text: refusal.description).encoded, to: descriptor)
            close(descriptor)
            return
        }
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).withConnectedSocket(descriptor) {
                channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
            let session = ExecSession(
                workspaceRoot: workspaceRoot,
                launcherPath: launcherPath,
                timeout: settings.commandTimeout,
                killGracePeriod: settings.killGracePeriod,
                requestTimeout: settings.requestTimeout,
                logger: logger
            )
            try await channel.executeThenClose { inbound, outbound in
                await session.serve(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }
}
