import Forge
import Foundation
import Testing
import _CryptoExtras

@Suite("GitHub App JWT")
struct GitHubAppJWTTests {
    static func decodeBase64URL(_ text: Substring) throws -> Data {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return try #require(Data(base64Encoded: base64))
    }

    @Test("is RS256 over header and claims, issued a minute back and expiring within ten minutes")
    func signsAndVerifies() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let jwt = try GitHubAppJWT(appID: 4242, secondsSince1970: 1_800_000_000.7).signed(with: key)
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
        let header = try JSONSerialization.jsonObject(with: Self.decodeBase64URL(parts[0])) as? [String: String]
        #expect(header == ["alg": "RS256", "typ": "JWT"])
        let claims = try JSONSerialization.jsonObject(with: Self.decodeBase64URL(parts[1])) as? [String: Int]
        #expect(claims == ["iat": 1_799_999_940, "exp": 1_800_000_540, "iss": 4242])
        let signature = _RSA.Signing.RSASignature(rawRepresentation: try Self.decodeBase64URL(parts[2]))
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        #expect(key.publicKey.isValidSignature(signature, for: signingInput, padding: .insecurePKCS1v1_5))
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(!other.publicKey.isValidSignature(signature, for: signingInput, padding: .insecurePKCS1v1_5))
    }

    @Test("reads a PKCS#1 key as GitHub hands it out, and refuses anything else without quoting it")
    func readsKeys() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(try GitHubAppJWT.privateKey(pem: key.pemRepresentation).publicKey.pkcs1DERRepresentation == key.publicKey.pkcs1DERRepresentation)
        #expect(key.pkcs8PEMRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try GitHubAppJWT.privateKey(pem: key.pkcs8PEMRepresentation).publicKey.pkcs1DERRepresentation == key.publicKey.pkcs1DERRepresentation)
        let error = try #require(throws: GitHubPrivateKeyError.self) { try GitHubAppJWT.privateKey(pem: "not-a-key-s3cr3t") }
        #expect(!error.description.contains("s3cr3t"))
    }
}
