import { run } from './imports';
run().then((o) => console.log(o.join('\n')));
