import { render } from 'preact';
import { Options } from '~/components/Options';
import '~/components/page.css';
import '~/components/options.css';

render(<Options />, document.getElementById('app')!);
