// Integration tests talk to the real local PostgreSQL and Redis; quiet logs keep the output readable.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
