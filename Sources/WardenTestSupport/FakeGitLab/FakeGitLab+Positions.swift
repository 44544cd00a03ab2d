import WardenCore

extension FakeGitLab {
    /// Why a position was refused, as the answer GitLab gives.
    struct PositionRefusal: Error {
        var response: FakeGitLabResponse
    }

    /// Validates a `position` object as GitLab does (discussions.md, "Create a new thread in the merge request diff").
    ///
    /// The SHAs and `position_type` are required parameters (Grape's 400 `{"error": "position[…] is missing"}`);
    /// anything that stops GitLab from computing the note's line code (SHAs of no version, a missing path, a line
    /// that is not in the diff or is sent with the wrong old/new combination) gives the 400 about `line_code`.
    func validatePosition(_ raw: ScriptedJSON, in mergeRequest: MergeRequestRecord) -> Result<PositionRecord, PositionRefusal> {
        guard let object = raw.object else {
            return .failure(PositionRefusal(response: .json(400, ["error": "position is invalid"])))
        }
        let required = ["base_sha", "start_sha", "head_sha", "position_type"]
        let missing = required.filter { (object[$0]?.string ?? "").isEmpty }
        if !missing.isEmpty {
            let message = missing.map { "position[\($0)] is missing" }.joined(separator: ", ")
            return .failure(PositionRefusal(response: .json(400, ["error": .string(message)])))
        }
        guard let type = object["position_type"]?.string, ["text", "image", "file"].contains(type) else {
            return .failure(PositionRefusal(response: .json(400, ["error": "position[position_type] does not have a valid value"])))
        }
        let position = PositionRecord(
            baseSHA: object["base_sha"]?.string ?? "",
            startSHA: object["start_sha"]?.string ?? "",
            headSHA: object["head_sha"]?.string ?? "",
            positionType: type,
            lines: NotePosition(
                oldPath: object["old_path"]?.string,
                newPath: object["new_path"]?.string,
                oldLine: Self.lineNumber(object["old_line"]),
                newLine: Self.lineNumber(object["new_line"])
            )
        )
        let lineCodeRefusal = PositionRefusal(response: .invalidLineCode)
        guard
            let version = mergeRequest.versions.first(where: {
                $0.baseSHA == position.baseSHA && $0.startSHA == position.startSHA && $0.headSHA == position.headSHA
            }),
            let oldPath = position.lines.oldPath, !oldPath.isEmpty, let newPath = position.lines.newPath, !newPath.isEmpty,
            let file = version.files.first(where: { $0.oldPath == oldPath && $0.newPath == newPath })
        else { return .failure(lineCodeRefusal) }
        switch type {
        case "file":
            return .success(position)
        case "text":
            guard position.lines.oldLine != nil || position.lines.newLine != nil,
                file.anchors.contains(FakeDiffFile.Anchor(old: position.lines.oldLine, new: position.lines.newLine))
            else { return .failure(lineCodeRefusal) }
            return .success(position)
        default:
            return .failure(lineCodeRefusal)
        }
    }

    /// A line number sent as a JSON number or a numeric string; `null` and absence are `nil`.
    private static func lineNumber(_ value: ScriptedJSON?) -> Int? {
        switch value {
        case .number(let number)?: return Int(exactly: number)
        case .string(let text)?: return Int(text)
        default: return nil
        }
    }
}
