/**
 * 打印 / 导出PDF for a print view route. In the Electron app the page is
 * rendered to PDF by the main process (save dialog); in browser mode the print
 * view opens in a new tab with its own 打印 button.
 */
import { Button, App } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { api } from '../api/client';

export function printRouteUrl(route: string): string {
  return `${location.pathname}#${route}`;
}

export function PrintButton({
  route,
  landscape,
  name,
  label = '打印',
}: {
  route: string;
  landscape?: boolean;
  name?: string;
  label?: string;
}) {
  const { message } = App.useApp();
  const onClick = async () => {
    const bridge = api.bridge();
    if (bridge) {
      const file = await bridge.printToPdf({ route, landscape, defaultName: name });
      if (file) message.success(`已保存 PDF：${file}`);
      return;
    }
    window.open(printRouteUrl(route), '_blank', 'noopener');
  };
  return (
    <Button icon={<PrinterOutlined />} onClick={onClick} data-testid="print-button">
      {label}
    </Button>
  );
}
