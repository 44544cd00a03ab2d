import Foundation

/// How `costs.models` is written: an array of tables in the file, `name=input/cached_input/output` entries in the
/// variable. Pure parsing, tested as a table.
enum ModelPriceGrammar {
    /// The prices `input` gives.
    /// - Throws: ``ConfigurationError`` naming the origin and the entry that is not accepted.
    static func prices(_ input: SettingInput, form: String) throws(ConfigurationError) -> [ModelPrice] {
        switch input.raw {
        case .toml(.array(let entries)):
            var prices: [ModelPrice] = []
            for (index, entry) in entries.enumerated() {
                guard case .table(let table) = entry else { throw input.invalid("entry \(index + 1) is \(entry.typeName)", expected: form) }
                prices.append(try price(table, entry: index + 1, input: input, form: form))
            }
            return prices
        case .text(let text):
            var prices: [ModelPrice] = []
            for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
                let parts = entry.split(separator: "=", maxSplits: 1)
                let numbers = parts.count == 2 ? parts[1].split(separator: "/").map { Double($0.trimmingCharacters(in: .whitespaces)) } : []
                guard parts.count == 2, !parts[0].isEmpty, numbers.count == 3,
                    let inputPrice = numbers[0], let cached = numbers[1], let output = numbers[2],
                    [inputPrice, cached, output].allSatisfy({ $0.isFinite && $0 >= 0 })
                else {
                    throw input.invalid("has the entry \"\(entry.escapedForMessage)\"", expected: form)
                }
                prices.append(ModelPrice(model: String(parts[0]), input: inputPrice, cachedInput: cached, output: output))
            }
            return prices
        case .toml(let other):
            throw input.invalid("is \(other.typeName)", expected: form)
        }
    }

    /// The prices as the variable would write them, for `warden config show`.
    static func render(_ prices: [ModelPrice]) -> String {
        prices.map { "\($0.model)=\($0.input.shortText)/\($0.cachedInput.shortText)/\($0.output.shortText)" }.joined(separator: ",")
    }

    private static func price(
        _ table: [String: TOMLValue],
        entry: Int,
        input: SettingInput,
        form: String
    ) throws(ConfigurationError) -> ModelPrice {
        guard case .string(let name)? = table["name"], !name.isEmpty else {
            throw input.invalid("entry \(entry) has no name", expected: form)
        }
        if let unknown = table.keys.sorted().first(where: { !["name", "input", "cached_input", "output"].contains($0) }) {
            throw input.invalid("entry \(entry) (\(name.escapedForMessage)) has the unknown key \(unknown)", expected: form)
        }
        func number(_ key: String) throws(ConfigurationError) -> Double {
            let value: Double
            switch table[key] {
            case .float(let number)?: value = number
            case .integer(let number)?: value = Double(number)
            case nil: throw input.invalid("entry \(entry) (\(name.escapedForMessage)) has no \(key)", expected: form)
            case let other?: throw input.invalid("entry \(entry) (\(name.escapedForMessage)) has \(key) \(other.typeName)", expected: form)
            }
            guard value.isFinite, value >= 0 else {
                throw input.invalid("entry \(entry) (\(name.escapedForMessage)) has a negative \(key)", expected: form)
            }
            return value
        }
        return ModelPrice(model: name, input: try number("input"), cachedInput: try number("cached_input"), output: try number("output"))
    }
}
