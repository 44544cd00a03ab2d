import Glibc

extension RepositoryCache {
    /// Gives `group` the access ``SharedDirectoryMode`` decides on the data directory, `repos/` and `worktrees/`.
    ///
    /// Runs each time the directories are prepared, so a data directory created before the setting was turned on
    /// is opened too; clones made before keep their group until the next `chgrp -R`. The process must be a member
    /// of `group` (a pod's `fsGroup` is) to give a directory to it.
    /// - Parameter group: The exec sidecar's group.
    /// - Throws: ``GitError/fileSystem(path:reason:)`` when a directory cannot be given to the group.
    func share(with group: UInt32) throws(GitError) {
        let directories: [(SharedDirectoryMode.Directory, String)] = [
            (.dataDirectory, root), (.repositories, root + "/repos"), (.worktrees, worktreesDirectory),
        ]
        for (directory, path) in directories {
            var status = stat()
            guard stat(path, &status) == 0 else { throw .fileSystem(path: path, reason: String(cString: strerror(errno))) }
            if status.st_gid != group, chown(path, uid_t.max, group) != 0 {
                throw .fileSystem(path: path, reason: "cannot give it to group \(group) (git.worktree_group): \(String(cString: strerror(errno)))")
            }
            let mode = SharedDirectoryMode.mode(of: directory, current: UInt32(status.st_mode & 0o7777))
            guard chmod(path, mode_t(mode)) == 0 else { throw .fileSystem(path: path, reason: String(cString: strerror(errno))) }
        }
    }
}
