// `express4` is `npm:express@^4.21.2`: Express 4 at runtime, typed with the same @types/express as 5.
declare module 'express4' {
  import express from 'express';
  export default express;
}
