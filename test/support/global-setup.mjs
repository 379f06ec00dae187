// Jest loads global setup outside its ESM transform; tsx lets it import the TypeScript sources as they are.
import { register } from 'tsx/esm/api';

register();
const { default: setup } = await import('./test-database.setup.ts');
export default setup;
