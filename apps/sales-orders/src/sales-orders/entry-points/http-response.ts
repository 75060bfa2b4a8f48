/** The part of express's response the controller uses (no @types/express in the workspace). */
export interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}
