// Imported first by each fuzz file: the app under fuzz renders with React's
// production build, as `npm start` does. Under vitest NODE_ENV is 'test', which
// loads React's development build: several times slower to render, and it
// prints a warning per odd form value (thousands of lines). react-dom reads
// NODE_ENV when it is first required, which happens when the built app is
// imported in startRouteWorld(), after this module runs.
process.env.NODE_ENV = 'production'
