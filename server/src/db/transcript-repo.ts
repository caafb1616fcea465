import { randomUUID } from 'node:crypto'
import type { TranscriptSegment } from '@hilink/protocol'
import type { Db } from './connection.ts'

interface SegmentRow {
  id: string
  speaker_id: string
  speaker_name: string
  start_ms: number
  end_ms: number
  text: string
}

export class TranscriptRepo {
  constructor(private readonly db: Db) {}

  add(tenantId: string, sessionId: string, segment: Omit<TranscriptSegment, 'id'>): TranscriptSegment {
    const id = randomUUID()
    this.db
      .prepare(
        `INSERT INTO transcript_segments (id, tenant_id, session_id, speaker_id, speaker_name, start_ms, end_ms, text,
           created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, tenantId, sessionId, segment.speakerId, segment.speakerName, segment.startMs, segment.endMs, segment.text, new Date().toISOString())
    return { id, ...segment }
  }

  list(tenantId: string, sessionId: string): TranscriptSegment[] {
    return this.db
      .prepare<[string, string], SegmentRow>(
        'SELECT * FROM transcript_segments WHERE tenant_id = ? AND session_id = ? ORDER BY start_ms, rowid',
      )
      .all(tenantId, sessionId)
      .map((r) => ({
        id: r.id,
        speakerId: r.speaker_id,
        speakerName: r.speaker_name,
        startMs: r.start_ms,
        endMs: r.end_ms,
        text: r.text,
      }))
  }
}
