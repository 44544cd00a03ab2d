extension ConfigurationValues {
    /// The absolute paths of the files secrets were named in (`WARDEN_*_FILE` variables, `*_file` keys), so a sandbox
    /// that mounts system directories can hide them.
    public var secretFilePaths: [String] {
        let directory = host.currentDirectory
        return registry.declarations.filter(\.isSecret).flatMap { declaration -> [String] in
            var paths: [String] = []
            if let path = environment[declaration.environmentFileName], !path.isEmpty {
                paths.append(PathResolution.absolute(path, in: directory))
            }
            if case .string(let path)? = fileSettings[declaration.fileKeyOfFile], !path.isEmpty {
                paths.append(PathResolution.absolute(path, in: directory))
            }
            return paths
        }
    }
}
