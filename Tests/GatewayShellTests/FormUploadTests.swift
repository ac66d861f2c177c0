import AppLoaders
import Foundation
import Session
import Testing

@testable import GatewayShell

/// The same upload handler in three frameworks, each answering with what its own multipart parser read.
private let apps = [
  "bottleapp": """
  import bottle, json
  app = bottle.Bottle()

  @app.post('/up')
  def up():
      upload = bottle.request.files.get('doc')
      return json.dumps({'title': bottle.request.forms.getunicode('title'), 'filename': upload.raw_filename,
                         'type': upload.content_type, 'hex': upload.file.read().hex()})
  """,
  "flaskapp": """
  from flask import Flask, request
  app = Flask(__name__)

  @app.post('/up')
  def up():
      upload = request.files['doc']
      return {'title': request.form['title'], 'filename': upload.filename, 'type': upload.mimetype,
              'hex': upload.read().hex()}
  """,
  "djangoapp": """
  import django
  from django.conf import settings
  settings.configure(DEBUG=True, SECRET_KEY='test', ROOT_URLCONF=__name__, ALLOWED_HOSTS=['*'], MIDDLEWARE=[])
  django.setup()
  from django.core.wsgi import get_wsgi_application
  from django.http import JsonResponse
  from django.urls import path

  def up(request):
      upload = request.FILES['doc']
      return JsonResponse({'title': request.POST['title'], 'filename': upload.name, 'type': upload.content_type,
                           'hex': upload.read().hex()})

  urlpatterns = [path('up', up)]
  app = get_wsgi_application()
  """,
]

@Suite("form uploads through real multipart parsers", .serialized)
struct FormUploadTests {
  @Test(
    "Bottle's, Werkzeug's (Flask) and Django's parsers get the fields and the file's bytes exactly",
    arguments: ["bottleapp", "flaskapp", "djangoapp"])
  func upload(module: String) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-form-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try apps[module]!.write(toFile: folder + "/\(module).py", atomically: true, encoding: .utf8)
    // Every byte value, line ends of both kinds, what looks like a boundary, and enough to stream in pieces.
    var generator = SystemRandomNumberGenerator()
    var payload = (0...255).map { UInt8($0) } + Array("\r\n--\r\n\n--boundary--\r\n".utf8)
    payload += (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    try Data(payload).write(to: URL(fileURLWithPath: folder + "/payload.bin"))

    let engine = SessionEngine(
      loader: AppLoader(options: LoadOptions(workingDirectory: folder)))
    let statements = try SessionParser.parse(
      """
      load python:\(module):app
      form title=Tea für zwei
      form doc=@payload.bin;type=application/x-tea;filename=tea "leaf".bin
      POST /up
      """, file: folder + "/s.gws", directory: folder)
    let events = statements.flatMap { engine.execute($0) }
    let errors = events.compactMap { if case .error(let error) = $0 { error } else { nil } }
    #expect(errors.isEmpty, "\(errors)")
    let record = try #require(events.compactMap { if case .dispatched(let record) = $0 { record } else { nil } }.last)
    #expect(record.exchange.statusCode == 200, "\(String(decoding: record.exchange.body.head, as: UTF8.self))")
    let object = try #require(
      JSONSerialization.jsonObject(with: Data(record.exchange.body.head)) as? [String: String])
    #expect(object["title"] == "Tea für zwei")
    #expect(object["type"] == "application/x-tea")
    #expect(object["hex"] == payload.map { String(format: "%02x", $0) }.joined())
    // curl escapes a quote in a file name as %22, as each of these parsers reads it back or keeps it.
    #expect(object["filename"]?.hasPrefix("tea ") == true)
  }
}
