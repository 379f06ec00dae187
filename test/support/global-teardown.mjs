import { register } from 'tsx/esm/api';

register();
const { default: teardown } = await import('./test-database.teardown.ts');
export default teardown;
