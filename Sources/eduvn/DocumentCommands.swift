import ArgumentParser
import Documents
import EduCore
import Foundation

struct DocumentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "document", abstract: "Official documents as PDF.",
                                                    subcommands: [Render.self])

    /// Templates are data: a form changes by editing its JSON, not the code.
    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a PDF from a template (JSON) and a document's fields (JSON object: strings, or arrays of objects for tables); prints the signature slots.")
        @Argument(help: "Template JSON") var template: String
        @Argument(help: "Fields JSON") var fields: String
        @Option(help: "The PDF to write") var out: String

        func run() async throws {
            try await runReporting {
                let template = try DocumentTemplate(json: try Self.read(template))
                let document: [String: TemplateValue]
                do {
                    document = try JSONDecoder().decode([String: TemplateValue].self, from: try Self.read(fields))
                } catch {
                    throw EduError("document.fields", vi: "Tệp trường dữ liệu phải là một đối tượng JSON gồm chuỗi hoặc danh sách đối tượng",
                                   en: "The fields file must be a JSON object of strings or arrays of objects")
                }
                let rendered = try PDFRenderer().render(template: template, document: document)
                do {
                    try Data(rendered.bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw EduError("file.unwritable", vi: "Không ghi được tệp \(out)", en: "Cannot write the file \(out)")
                }
                print("\(out): \(rendered.pageCount) page(s)")
                for slot in rendered.signatureSlots {
                    // The form `eduvn sign pdf --page P --rect x,y,w,h` takes.
                    print("slot \(slot.role): --page \(slot.page) --rect \(Int(slot.rect.x)),\(Int(slot.rect.y)),\(Int(slot.rect.width)),\(Int(slot.rect.height))")
                }
            }
        }

        private static func read(_ path: String) throws -> Data {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EduError("file.unreadable", vi: "Không đọc được tệp \(path)", en: "Cannot read the file \(path)")
            }
            return data
        }
    }
}
